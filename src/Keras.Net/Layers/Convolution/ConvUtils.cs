// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>TensorFlow's padding arithmetic for convolutions.</summary>
internal static class ConvUtils
{
    /// <summary>The output length of one spatial axis (null when the input length is unknown).</summary>
    internal static long? OutputLength(long? input, long kernel, string padding, long stride, long dilation)
    {
        if (input is not long n)
        {
            return null;
        }

        long effective = ((kernel - 1) * dilation) + 1;
        long length = padding switch
        {
            "same" or "causal" => n,
            _ => n - effective + 1,
        };
        return length <= 0 ? 0 : (length + stride - 1) / stride;
    }

    /// <summary>The zeros added before and after one spatial axis (TensorFlow puts the extra one after; causal pads before).</summary>
    internal static (long Before, long After) Padding(long input, long kernel, string padding, long stride, long dilation)
    {
        long effective = ((kernel - 1) * dilation) + 1;
        switch (padding)
        {
            case "causal":
                return (effective - 1, 0);
            case "same":
                long outLen = (input + stride - 1) / stride;
                long total = Math.Max(((outLen - 1) * stride) + effective - input, 0);
                return (total / 2, total - (total / 2));
            default:
                return (0, 0);
        }
    }

    /// <summary>
    /// Runs a channels-last convolution in either data format: moves channels last, works out TensorFlow's
    /// padding per spatial axis, calls <paramref name="conv"/>, and moves channels back.
    /// </summary>
    internal static Tensor InDataFormat(Tensor inputs, int rank, string dataFormat, IReadOnlyList<int> kernel, IReadOnlyList<int> strides, IReadOnlyList<int> dilation, string padding, string layerName, Func<Tensor, (long Before, long After)[], Tensor> conv)
    {
        using TensorScope scope = Ops.NewScope();
        bool last = dataFormat == "channels_last";
        Tensor x = last ? inputs : Ops.Transpose(inputs, [0, .. Enumerable.Range(2, rank).Select(i => (long)i), 1]);
        Shape shape = Ops.ShapeOf(x);
        var pads = new (long Before, long After)[rank];
        for (int i = 0; i < rank; i++)
        {
            long n = shape[i + 1]!.Value;
            if (OutputLength(n, kernel[i], padding, strides[i], dilation[i]) is 0)
            {
                throw new ArgumentException($"Layer \"{layerName}\": computed output size would be zero or negative: spatial input shape {Ops.ShapeOf(inputs)} is smaller than the window ({string.Join("x", kernel)}) with padding \"{padding}\".");
            }

            pads[i] = Padding(n, kernel[i], padding, strides[i], dilation[i]);
        }

        Tensor y = conv(x, pads);
        if (!last)
        {
            y = Ops.Transpose(y, [0, rank + 1, .. Enumerable.Range(1, rank).Select(i => (long)i)]);
        }

        return scope.Keep(Ops.Alias(y));
    }

    /// <summary>An image batch shape with unknown batch and spatial sizes and <paramref name="channels"/> channels.</summary>
    internal static Shape ImageShape(int rank, long channels, string dataFormat)
    {
        var dims = new long?[rank + 2];
        dims[dataFormat == "channels_last" ? rank + 1 : 1] = channels;
        return new Shape(dims);
    }
}
