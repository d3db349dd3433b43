// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's transposed convolutions (Conv1DTranspose, Conv2DTranspose): the adjoint of a convolution with kernel
/// <c>(*kernel_size, filters, in_channels)</c>. Output length per axis as Keras's <c>deconv_output_length</c>:
/// <c>n * stride</c> for <c>same</c>, <c>n * stride + max(k' - stride, 0)</c> for <c>valid</c> (k' the dilated
/// kernel), with TensorFlow's crop of the full result for <c>same</c>.
/// </summary>
public abstract class ConvTransposeBase : ConvBase
{
    /// <summary>Initializes the layer (arguments as <see cref="ConvBase"/>; <c>output_padding</c> must be null).</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelSize">The window.</param>
    /// <param name="strides">The strides.</param>
    /// <param name="padding"><c>valid</c> or <c>same</c>.</param>
    /// <param name="outputPadding">Extra output length per axis (an int or one per axis, each below its stride), or null.</param>
    /// <param name="dataFormat">The data format.</param>
    /// <param name="dilationRate">The dilation.</param>
    /// <param name="activation">The activation name.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer.</param>
    /// <param name="biasInitializer">Bias initializer.</param>
    /// <param name="kernelRegularizer">Kernel regularizer.</param>
    /// <param name="biasRegularizer">Bias regularizer.</param>
    /// <param name="activityRegularizer">Output regularizer.</param>
    /// <param name="kernelConstraint">Kernel constraint.</param>
    /// <param name="biasConstraint">Bias constraint.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected ConvTransposeBase(int rank, int filters, int[] kernelSize, int[]? strides, string padding, int[]? outputPadding, string dataFormat, int[]? dilationRate, string? activation, bool useBias, object? kernelInitializer, object? biasInitializer, object? kernelRegularizer, object? biasRegularizer, object? activityRegularizer, object? kernelConstraint, object? biasConstraint, string? name, bool trainable, string? dtype)
        : base(rank, filters, kernelSize, strides, padding, dataFormat, dilationRate, 1, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name, trainable, dtype)
    {
        // As strides, one value stands for every axis; unlike strides, 0 is allowed.
        OutputPadding = outputPadding is [int one] ? Enumerable.Repeat(one, rank).ToArray() : outputPadding;
        for (int i = 0; i < rank && OutputPadding is not null; i++)
        {
            if (OutputPadding.Count != rank || OutputPadding[i] < 0 || OutputPadding[i] >= Strides[i])
            {
                throw new ArgumentException($"Strides {ShapeText(Strides)} must be greater than output padding {ShapeText(OutputPadding)}. Received strides={ShapeText(Strides)}, output_padding={ShapeText(OutputPadding)}.", nameof(outputPadding));
            }
        }
    }

    /// <summary>
    /// Extra length added on one side of each spatial axis (Keras's <c>output_padding</c>), or null for Keras's
    /// default lengths; each value is below the axis's stride.
    /// </summary>
    public IReadOnlyList<int>? OutputPadding { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int channelAxis = DataFormat == "channels_last" ? Rank + 1 : 1;
        if (inputShape.Rank != Rank + 2 || inputShape[channelAxis] is not long channels)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim={Rank + 2} with a known channel dimension, found shape={inputShape}");
        }

        Kernel = AddWeight("kernel", Shape.Of([.. KernelSize.Select(k => (long)k), Filters, channels]), KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(Filters), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        bool last = DataFormat == "channels_last";
        Tensor x = last ? inputs : Ops.Transpose(inputs, [0, .. Enumerable.Range(2, Rank).Select(i => (long)i), 1]);
        Shape inShape = Ops.ShapeOf(x);
        Tensor y = Ops.ConvolutionTranspose(x, Kernel!.Value, [.. Strides.Select(v => (long)v)], [.. DilationRate.Select(v => (long)v)]);
        for (int i = 0; i < Rank; i++)
        {
            long n = inShape[i + 1]!.Value, stride = Strides[i];
            long effective = ((KernelSize[i] - 1L) * DilationRate[i]) + 1;
            long full = ((n - 1) * stride) + effective;
            long target = TargetLength(n, i)!.Value;
            // TensorFlow's conv_transpose for this output length: SAME crops half of the excess (floor) at the start.
            long start = Padding == "same" ? Math.Max(full - target, 0) / 2 : 0;
            long keep = Math.Min(full - start, target);
            y = Ops.Narrow(y, i + 1, start, keep);
            if (keep < target)
            {
                y = Ops.ZeroPad(y, [.. Enumerable.Range(0, Rank + 2).Select(a => a == i + 1 ? (0L, target - keep) : (0L, 0L))]);
            }
        }

        if (Bias is not null)
        {
            y = Ops.Add(y, Bias.Value);
        }

        y = Activation(y);
        if (!last)
        {
            y = Ops.Transpose(y, [0, Rank + 1, .. Enumerable.Range(1, Rank).Select(i => (long)i)]);
        }

        if (ActivityRegularizer is not null)
        {
            AddLoss(scope.Keep(Ops.Divide(ActivityRegularizer.Call(y), Ops.Scalar(Ops.ShapeOf(y)[0] ?? 1, Ops.DTypeOf(y), Ops.DeviceOf(y)))));
        }

        return scope.Keep(Ops.Copy(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        bool last = DataFormat == "channels_last";
        int first = last ? 1 : 2;
        long?[] spatial = Enumerable.Range(0, Rank).Select(i => TargetLength(inputShape[first + i], i)).ToArray();
        return last ? new Shape([inputShape[0], .. spatial, Filters]) : new Shape([inputShape[0], Filters, .. spatial]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config.Remove("groups");
        config["output_padding"] = OutputPadding is null ? null : new JsonArray(OutputPadding.Select(p => (JsonNode?)p).ToArray());
        return config;
    }

    private long? TargetLength(long? n, int i)
    {
        if (n is not long length)
        {
            return null;
        }

        // Keras's deconv_output_length.
        long effective = ((KernelSize[i] - 1L) * DilationRate[i]) + 1;
        if (OutputPadding is not null)
        {
            long pad = Padding == "same" ? effective / 2 : 0;
            return ((length - 1) * Strides[i]) + effective - (2 * pad) + OutputPadding[i];
        }

        return Padding == "same" ? length * Strides[i] : (length * Strides[i]) + Math.Max(effective - Strides[i], 0);
    }

    private static string ShapeText(IReadOnlyList<int> values) => "(" + string.Join(", ", values) + (values.Count == 1 ? ",)" : ")");

    /// <summary>A transposed kernel is <c>(k..., filters, in)</c>.</summary>
    private protected override long? InputChannels(long[] kernel) => kernel.Length == Rank + 2 ? kernel[Rank + 1] : null;
}
