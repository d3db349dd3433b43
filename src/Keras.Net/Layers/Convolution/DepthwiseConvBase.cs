// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Depthwise convolution over 1 or 2 spatial axes: each input channel is convolved with its own
/// <c>depth_multiplier</c> filters; kernel <c>depthwise_kernel (*kernel_size, in, depth_multiplier)</c>, output
/// channel <c>c * depth_multiplier + m</c> as in TensorFlow. <see cref="DepthwiseConv2D"/> adds the bias
/// <c>(in * depth_multiplier)</c>; <see cref="SeparableConvBase"/> follows with a pointwise convolution instead.
/// </summary>
public abstract class DepthwiseConvBase : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="kernelSize">The window: one value for both axes, or one per axis.</param>
    /// <param name="strides">The strides (default 1).</param>
    /// <param name="padding"><c>valid</c> or <c>same</c>.</param>
    /// <param name="depthMultiplier">Filters per input channel.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="dilationRate">The dilation (default 1).</param>
    /// <param name="activation">The activation name.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="depthwiseInitializer">Initializer for the kernel.</param>
    /// <param name="biasInitializer">Initializer for the bias.</param>
    /// <param name="depthwiseRegularizer">Regularizer for the kernel.</param>
    /// <param name="biasRegularizer">Regularizer for the bias.</param>
    /// <param name="activityRegularizer">Regularizer for the output.</param>
    /// <param name="depthwiseConstraint">Constraint for the kernel.</param>
    /// <param name="biasConstraint">Constraint for the bias.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected DepthwiseConvBase(int rank, int[] kernelSize, int[]? strides, string padding, int depthMultiplier, string dataFormat, int[]? dilationRate, string? activation, bool useBias, object? depthwiseInitializer, object? biasInitializer, object? depthwiseRegularizer, object? biasRegularizer, object? activityRegularizer, object? depthwiseConstraint, object? biasConstraint, string? name, bool trainable, string? dtype)
        : base(name, trainable, dtype)
    {
        if (depthMultiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(depthMultiplier), $"Invalid value for argument `depth_multiplier`. Expected a strictly positive value. Received depth_multiplier={depthMultiplier}.");
        }

        if (padding is not ("valid" or "same") || dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"Invalid padding '{padding}' or data_format '{dataFormat}'.", nameof(padding));
        }

        Rank = rank;
        KernelSize = SpatialArgs.PerAxis(kernelSize, rank, "kernel_size");
        Strides = SpatialArgs.PerAxis(strides ?? [1], rank, "strides");
        DilationRate = SpatialArgs.PerAxis(dilationRate ?? [1], rank, "dilation_rate");
        Padding = padding;
        DepthMultiplier = depthMultiplier;
        DataFormat = dataFormat;
        ActivationName = string.IsNullOrEmpty(activation) ? "linear" : activation;
        Activation = Activations.Get(activation);
        UseBias = useBias;
        DepthwiseInitializer = ArgumentResolver.Initializer(depthwiseInitializer) ?? new GlorotUniform();
        BiasInitializer = ArgumentResolver.Initializer(biasInitializer) ?? new Zeros();
        DepthwiseRegularizer = ArgumentResolver.Regularizer(depthwiseRegularizer);
        BiasRegularizer = ArgumentResolver.Regularizer(biasRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        DepthwiseConstraint = ArgumentResolver.Constraint(depthwiseConstraint);
        BiasConstraint = ArgumentResolver.Constraint(biasConstraint);
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>Window per axis.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>Stride per axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Dilation per axis.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Padding mode.</summary>
    public string Padding { get; }

    /// <summary>Filters per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <summary>The activation.</summary>
    public Func<Tensor, Tensor> Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Kernel initializer.</summary>
    public Initializer DepthwiseInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Kernel regularizer.</summary>
    public Regularizer? DepthwiseRegularizer { get; }

    /// <summary>Bias regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Output regularizer.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>Kernel constraint.</summary>
    public Constraint? DepthwiseConstraint { get; }

    /// <summary>Bias constraint.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The kernel <c>(*kernel_size, in, depth_multiplier)</c>.</summary>
    public Variable? DepthwiseKernel { get; private set; }

    /// <summary>The bias (<c>in * depth_multiplier</c> for depthwise, <c>filters</c> for separable).</summary>
    public Variable? Bias { get; private set; }

    /// <summary>The output channels for <paramref name="inputChannels"/> input channels.</summary>
    /// <param name="inputChannels">The input channels.</param>
    /// <returns>The output channels.</returns>
    protected virtual long OutputChannels(long inputChannels) => inputChannels * DepthMultiplier;

    /// <summary>Creates the weights between the depthwise kernel and the bias (separable: the pointwise kernel).</summary>
    /// <param name="inputChannels">The input channels.</param>
    protected virtual void BuildBetween(long inputChannels)
    {
    }

    /// <summary>Finishes the channels-last depthwise result: the default adds the bias.</summary>
    /// <param name="depthwise">The depthwise convolution's result.</param>
    /// <returns>The layer's result before the activation.</returns>
    protected virtual Tensor AfterDepthwise(Tensor depthwise) => Bias is null ? depthwise : Ops.Add(depthwise, Bias.Value);

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int channelAxis = DataFormat == "channels_last" ? Rank + 1 : 1;
        if (inputShape.Rank != Rank + 2 || inputShape[channelAxis] is not long channels)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim={Rank + 2} with a known channel dimension, found shape={inputShape}");
        }

        DepthwiseKernel = AddWeight("depthwise_kernel", Shape.Of([.. KernelSize.Select(k => (long)k), channels, DepthMultiplier]), DepthwiseInitializer, regularizer: DepthwiseRegularizer, constraint: DepthwiseConstraint);
        BuildBetween(channels);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(OutputChannels(channels)), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor y = Activation(ConvUtils.InDataFormat(inputs, Rank, DataFormat, KernelSize, Strides, DilationRate, Padding, Name, (x, pads) =>
        {
            long channels = DepthwiseKernel!.Shape[Rank]!.Value;
            Tensor kernel = Ops.Reshape(DepthwiseKernel.Value, [.. KernelSize.Select(v => (long)v), 1, channels * DepthMultiplier]);
            return AfterDepthwise(Ops.Convolution(x, kernel, null, [.. Strides.Select(v => (long)v)], [.. DilationRate.Select(v => (long)v)], channels, pads));
        }));
        if (ActivityRegularizer is not null)
        {
            AddLoss(scope.Keep(Ops.Divide(ActivityRegularizer.Call(y), Ops.Scalar(Ops.ShapeOf(y)[0] ?? 1, Ops.DTypeOf(y), Ops.DeviceOf(y)))));
        }

        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        bool last = DataFormat == "channels_last";
        int first = last ? 1 : 2;
        long? channels = inputShape[last ? Rank + 1 : 1] is long c ? OutputChannels(c) : null;
        long?[] spatial = Enumerable.Range(0, Rank)
            .Select(i => ConvUtils.OutputLength(inputShape[first + i], KernelSize[i], Padding, Strides[i], DilationRate[i]))
            .ToArray();
        return last ? new Shape([inputShape[0], .. spatial, channels]) : new Shape([inputShape[0], channels, .. spatial]);
    }

    /// <summary>Serializes a list of ints as a JSON array.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The array.</returns>
    protected static JsonArray Ints(IEnumerable<int> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <inheritdoc />
    internal override Shape? InputShapeFromWeight(long[] firstWeight) =>
        firstWeight.Length == Rank + 2 ? ConvUtils.ImageShape(Rank, firstWeight[Rank], DataFormat) : null;
}
