// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Neural-network operations (Keras's <c>keras.ops.nn</c>).</summary>
public static partial class Ops
{
    /// <summary>max(x, 0).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Relu(Tensor x) => OpRecording.Record("relu", torch.nn.functional.relu(NotNull(x)), x);

    /// <summary>min(max(x, 0), 6).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Relu6(Tensor x) => OpRecording.Record("relu6", torch.nn.functional.relu6(NotNull(x)), x);

    /// <summary>Per-sample cross-entropy of softmax(<paramref name="logits"/>) over the last axis against integer labels.</summary>
    /// <param name="logits">Scores, classes on the last axis.</param>
    /// <param name="labels">int64 class indices, shaped like <paramref name="logits"/> without its last axis.</param>
    /// <returns>One loss per sample.</returns>
    /// <exception cref="ArgumentException">A label is outside [0, classes) (TensorFlow's message), or the shapes disagree.</exception>
    public static Tensor SparseSoftmaxCrossEntropy(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        long classes = logits.shape.Length == 0 ? 0 : logits.shape[^1];
        if (logits.device_type != DeviceType.CPU)
        {
            // On CUDA an out-of-range label is a device-side assert that ruins the context: check first (one sync).
            ThrowIfLabelsOutOfRange(labels, classes);
        }

        try
        {
            if (logits.dim() == 2)
            {
                return torch.nn.functional.cross_entropy(logits, labels, reduction: torch.nn.Reduction.None);
            }

            using var scope = torch.NewDisposeScope();
            Tensor logProbs = torch.nn.functional.log_softmax(logits, -1);
            return logProbs.gather(-1, labels.unsqueeze(-1)).squeeze(-1).neg().MoveToOuterDisposeScope();
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // On the CPU libtorch reports the bad target itself; say it as TensorFlow does, naming the labels.
            ThrowIfLabelsOutOfRange(labels, classes);
            throw new ArgumentException($"Sparse categorical cross-entropy: logits of shape [{string.Join(", ", logits.shape)}] and labels of shape [{string.Join(", ", labels.shape)}] do not fit ({ErrorText.Describe(e)}).", nameof(labels), e);
        }
    }

    private static void ThrowIfLabelsOutOfRange(Tensor labels, long classes)
    {
        if (labels.NumberOfElements == 0)
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        using Tensor flat = labels.flatten().to_type(torch.int64).cpu();
        long low = flat.min().item<long>(), high = flat.max().item<long>();
        if (low >= 0 && high < classes)
        {
            return;
        }

        long bad = low < 0 ? low : high;
        long[] shown = flat.data<long>().Take(10).ToArray();
        throw new ArgumentException(
            $"Sparse categorical cross-entropy: received a label value of {bad} which is outside the valid range of [0, {classes}). Label values: {string.Join(" ", shown)}{(flat.NumberOfElements > 10 ? " ..." : string.Empty)}. Labels must be class indices below the number of output units; check the labels or the last layer's size.",
            nameof(labels));
    }

    /// <summary>A dense layer's affine map: <c>x @ kernel + bias</c> (one fused call for 2-D inputs).</summary>
    /// <param name="x">The input, features on the last axis.</param>
    /// <param name="kernel">The kernel, <c>[in, out]</c>.</param>
    /// <param name="bias">The bias, <c>[out]</c>, or null.</param>
    /// <returns>The result.</returns>
    public static Tensor Affine(Tensor x, Tensor kernel, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        if (bias is null)
        {
            return Affined(x.matmul(kernel), x, kernel, null);
        }

        if (x.dim() == 2)
        {
            return Affined(torch.addmm(bias, x, kernel, 1, 1), x, kernel, bias);
        }

        using Tensor product = x.matmul(kernel);
        return Affined(product.add(bias), x, kernel, bias);
    }

    private static Tensor Affined(Tensor result, Tensor x, Tensor kernel, Tensor? bias) =>
        OpRecording.IsActive ? OpRecording.Record("affine", result, bias is null ? [x, kernel] : [x, kernel, bias], new Dictionary<string, object>()) : result;

    /// <summary>
    /// N-D convolution (N = 1, 2 or 3) in Keras's layout: input <c>(batch, *spatial, channels)</c>, kernel
    /// <c>(*kernel, in/groups, filters)</c>; explicit zero padding per spatial axis, then a valid convolution.
    /// </summary>
    /// <param name="x">The input (channels last).</param>
    /// <param name="kernel">The kernel.</param>
    /// <param name="bias">The bias, or null.</param>
    /// <param name="strides">One stride per spatial axis.</param>
    /// <param name="dilations">One dilation rate per spatial axis.</param>
    /// <param name="groups">The number of groups.</param>
    /// <param name="padding">Zeros (before, after) per spatial axis.</param>
    /// <returns>The output <c>(batch, *new_spatial, filters)</c>.</returns>
    public static Tensor Convolution(Tensor x, Tensor kernel, Tensor? bias, long[] strides, long[] dilations, long groups, (long Before, long After)[] padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(strides);
        ArgumentNullException.ThrowIfNull(padding);
        int rank = strides.Length;
        using var scope = torch.NewDisposeScope();
        Tensor input = x.permute([0, rank + 1, .. Enumerable.Range(1, rank).Select(i => (long)i)]);
        if (padding.Any(p => p.Before > 0 || p.After > 0))
        {
            input = torch.nn.functional.pad(input, padding.Reverse().SelectMany(p => new[] { p.Before, p.After }).ToArray());
        }

        Tensor weight = kernel.permute([rank + 1, rank, .. Enumerable.Range(0, rank).Select(i => (long)i)]);
        Tensor y = rank switch
        {
            1 => torch.nn.functional.conv1d(input, weight, bias, strides[0], 0, dilations[0], groups),
            2 => torch.nn.functional.conv2d(input, weight, bias, strides, [0, 0], dilations, groups),
            3 => torch.nn.functional.conv3d(input, weight, bias, strides, [0, 0, 0], dilations, groups),
            _ => throw new ArgumentException($"Convolutions have 1 to 3 spatial axes, not {rank}.", nameof(strides)),
        };
        Tensor result = y.permute([0, .. Enumerable.Range(2, rank).Select(i => (long)i), 1]).contiguous().MoveToOuterDisposeScope();
        Tensor recorded = result;
        return OpRecording.IsActive ? OpRecording.Record("conv", recorded, bias is null ? [x, kernel] : [x, kernel, bias], new Dictionary<string, object> { ["strides"] = strides, ["dilations"] = dilations, ["groups"] = groups, ["padding"] = padding.SelectMany(p => new[] { p.Before, p.After }).ToArray() }) : recorded;
    }

    /// <summary>
    /// The full (unpadded) transposed convolution over 1 or 2 spatial axes of a channels-last input, the adjoint of
    /// <see cref="Convolution"/> with the same kernel: kernel <c>(*kernel, filters, in)</c> in Keras's layout; output
    /// length per axis <c>(n - 1) * stride + (k - 1) * dilation + 1</c>. No bias; callers crop or pad, then add it.
    /// </summary>
    /// <param name="x">The input <c>(batch, *spatial, in)</c>.</param>
    /// <param name="kernel">The kernel.</param>
    /// <param name="strides">One stride per spatial axis.</param>
    /// <param name="dilations">One dilation rate per spatial axis.</param>
    /// <returns>The output <c>(batch, *spatial', filters)</c>.</returns>
    public static Tensor ConvolutionTranspose(Tensor x, Tensor kernel, long[] strides, long[] dilations)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(strides);
        int rank = strides.Length;
        using var scope = torch.NewDisposeScope();
        Tensor input = x.permute([0, rank + 1, .. Enumerable.Range(1, rank).Select(i => (long)i)]);
        Tensor weight = kernel.permute([rank + 1, rank, .. Enumerable.Range(0, rank).Select(i => (long)i)]);
        Tensor y = rank switch
        {
            1 => torch.nn.functional.conv_transpose1d(input, weight, null, strides[0], 0, 0, dilations[0], 1),
            2 => torch.nn.functional.conv_transpose2d(input, weight, null, strides, [0, 0], [0, 0], dilations, 1),
            _ => throw new ArgumentException($"Transposed convolutions have 1 or 2 spatial axes, not {rank}.", nameof(strides)),
        };
        Tensor result = y.permute([0, .. Enumerable.Range(2, rank).Select(i => (long)i), 1]).contiguous().MoveToOuterDisposeScope();
        Tensor recorded = result;
        return OpRecording.IsActive ? OpRecording.Record("conv_transpose", recorded, [x, kernel], new Dictionary<string, object> { ["strides"] = strides, ["dilations"] = dilations }) : recorded;
    }

    /// <summary>
    /// Max or average pooling over 1 to 3 spatial axes of a channels-last input, with explicit padding per axis:
    /// max pooling pads with -inf and average pooling leaves padded cells out of the mean, as TensorFlow does.
    /// </summary>
    /// <param name="x">The input <c>(batch, *spatial, channels)</c>.</param>
    /// <param name="max">Max pooling when true, average pooling when false.</param>
    /// <param name="poolSize">The window per spatial axis.</param>
    /// <param name="strides">The stride per spatial axis.</param>
    /// <param name="padding">Cells (before, after) added per spatial axis.</param>
    /// <returns>The pooled tensor <c>(batch, *new_spatial, channels)</c>.</returns>
    public static Tensor Pool(Tensor x, bool max, long[] poolSize, long[] strides, (long Before, long After)[] padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(poolSize);
        ArgumentNullException.ThrowIfNull(padding);
        int rank = poolSize.Length;
        using var scope = torch.NewDisposeScope();
        Tensor input = x.permute([0, rank + 1, .. Enumerable.Range(1, rank).Select(i => (long)i)]);
        long[] pad = padding.Reverse().SelectMany(p => new[] { p.Before, p.After }).ToArray();
        bool padded = pad.Any(v => v > 0);
        Tensor y;
        if (max)
        {
            Tensor source = padded ? torch.nn.functional.pad(input, pad, PaddingModes.Constant, double.NegativeInfinity) : input;
            y = rank switch
            {
                1 => torch.nn.functional.max_pool1d(source, poolSize[0], strides[0]),
                2 => torch.nn.functional.max_pool2d(source, poolSize, strides),
                _ => torch.nn.functional.max_pool3d(source, poolSize, strides),
            };
        }
        else
        {
            y = AveragePool(padded ? torch.nn.functional.pad(input, pad) : input, poolSize, strides);
            if (padded)
            {
                Tensor ones = torch.nn.functional.pad(torch.ones_like(input), pad);
                y = y.div(AveragePool(ones, poolSize, strides));
            }
        }

        Tensor result = y.permute([0, .. Enumerable.Range(2, rank).Select(i => (long)i), 1]).contiguous().MoveToOuterDisposeScope();
        Tensor recorded = result;
        return OpRecording.IsActive ? OpRecording.Record(max ? "max_pool" : "average_pool", recorded, [x], new Dictionary<string, object> { ["size"] = poolSize, ["strides"] = strides, ["padding"] = padding.SelectMany(p => new[] { p.Before, p.After }).ToArray() }) : recorded;
    }

    private static Tensor AveragePool(Tensor input, long[] poolSize, long[] strides) => poolSize.Length switch
    {
        1 => torch.nn.functional.avg_pool1d(input, poolSize[0], strides[0]),
        2 => torch.nn.functional.avg_pool2d(input, poolSize, strides),
        _ => torch.nn.functional.avg_pool3d(input, poolSize, strides),
    };

    /// <summary>1 / (1 + exp(-x)).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Sigmoid(Tensor x) => OpRecording.Record("sigmoid", NotNull(x).sigmoid(), x);

    /// <summary>Hyperbolic tangent.</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Tanh(Tensor x) => OpRecording.Record("tanh", NotNull(x).tanh(), x);

    /// <summary>Softmax along an axis.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The result.</returns>
    public static Tensor Softmax(Tensor x, long axis = -1)
    {
        Tensor recorded = torch.nn.functional.softmax(NotNull(x), axis);
        return OpRecording.IsActive ? OpRecording.Record("softmax", recorded, [x], new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>Log-softmax along an axis.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The result.</returns>
    public static Tensor LogSoftmax(Tensor x, long axis = -1)
    {
        Tensor recorded = torch.nn.functional.log_softmax(NotNull(x), axis);
        return OpRecording.IsActive ? OpRecording.Record("log_softmax", recorded, [x], new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>log(1 + exp(x)).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Softplus(Tensor x) => OpRecording.Record("softplus", torch.nn.functional.softplus(NotNull(x)), x);

    /// <summary>x / (1 + |x|).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Softsign(Tensor x) => OpRecording.Record("softsign", torch.nn.functional.softsign(NotNull(x)), x);

    /// <summary>Exponential linear unit: x if x &gt; 0 else alpha * (exp(x) - 1).</summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The negative-side scale.</param>
    /// <returns>The result.</returns>
    public static Tensor Elu(Tensor x, double alpha = 1.0)
    {
        Tensor recorded = torch.nn.functional.elu(NotNull(x), alpha);
        return OpRecording.IsActive ? OpRecording.Record("elu", recorded, [x], new Dictionary<string, object> { ["alpha"] = alpha }) : recorded;
    }

    /// <summary>Scaled ELU with Keras's constants (alpha 1.67326324, scale 1.05070098).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Selu(Tensor x) => OpRecording.Record("selu", torch.nn.functional.selu(NotNull(x)), x);

    /// <summary>Gaussian error linear unit (exact erf form, or the tanh approximation).</summary>
    /// <param name="x">The input.</param>
    /// <param name="approximate">Use the tanh approximation.</param>
    /// <returns>The result.</returns>
    public static Tensor Gelu(Tensor x, bool approximate = false)
    {
        Tensor recorded = torch.nn.functional.gelu(NotNull(x), approximate ? TorchSharp.Modules.GELU.Approximate.tanh : TorchSharp.Modules.GELU.Approximate.none);
        return OpRecording.IsActive ? OpRecording.Record("gelu", recorded, [x], new Dictionary<string, object> { ["approximate"] = approximate }) : recorded;
    }

    /// <summary>x * sigmoid(x) (swish).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor Silu(Tensor x) => OpRecording.Record("silu", torch.nn.functional.silu(NotNull(x)), x);

    /// <summary>x if x &gt;= 0 else negativeSlope * x.</summary>
    /// <param name="x">The input.</param>
    /// <param name="negativeSlope">The slope for negative inputs.</param>
    /// <returns>The result.</returns>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.2)
    {
        Tensor recorded = torch.nn.functional.leaky_relu(NotNull(x), negativeSlope);
        return OpRecording.IsActive ? OpRecording.Record("leaky_relu", recorded, [x], new Dictionary<string, object> { ["alpha"] = negativeSlope }) : recorded;
    }

    /// <summary>tf.keras 2's hard sigmoid: clip(0.2 * x + 0.5, 0, 1).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The result.</returns>
    public static Tensor HardSigmoid(Tensor x) => OpRecording.Record("hard_sigmoid", NotNull(x).mul(0.2).add_(0.5).clamp_(0, 1), x);

    /// <summary>
    /// Keras's general ReLU: <c>max_value</c> caps the output, values below <c>threshold</c> become
    /// <c>negative_slope * (x - threshold)</c>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="negativeSlope">Slope below the threshold.</param>
    /// <param name="maxValue">Optional cap.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The result.</returns>
    public static Tensor Relu(Tensor x, double negativeSlope, double? maxValue, double threshold)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = torch.NewDisposeScope();
        Tensor y = threshold == 0 ? torch.nn.functional.relu(x) : x.where(x.gt(threshold), 0.0);
        if (maxValue is double cap)
        {
            y = y.clamp_max(cap);
        }

        if (negativeSlope != 0)
        {
            y = torch.where(x.lt(threshold), x.sub(threshold).mul(negativeSlope), y);
        }

        Tensor recorded = y.MoveToOuterDisposeScope();
        return OpRecording.IsActive ? OpRecording.Record("relu_general", recorded, [x], new Dictionary<string, object> { ["negative_slope"] = negativeSlope, ["max_value"] = maxValue ?? double.NaN, ["threshold"] = threshold }) : recorded;
    }
}
