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
}
