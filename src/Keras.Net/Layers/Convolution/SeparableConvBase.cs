// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's separable convolutions: a depthwise convolution (each input channel convolved with
/// <c>depth_multiplier</c> filters; kernel <c>depthwise_kernel (*kernel_size, in, depth_multiplier)</c>, output
/// channel <c>c * depth_multiplier + m</c> as in TensorFlow), then a pointwise 1x1 convolution
/// (<c>pointwise_kernel (1.., in * depth_multiplier, filters)</c>) and the bias.
/// </summary>
public abstract class SeparableConvBase : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelSize">The window: one value for every axis, or one per axis.</param>
    /// <param name="strides">The strides (default 1).</param>
    /// <param name="padding"><c>valid</c> or <c>same</c>.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="dilationRate">The dilation (default 1).</param>
    /// <param name="depthMultiplier">Depthwise filters per input channel.</param>
    /// <param name="activation">The activation name.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="depthwiseInitializer">Initializer for the depthwise kernel.</param>
    /// <param name="pointwiseInitializer">Initializer for the pointwise kernel.</param>
    /// <param name="biasInitializer">Initializer for the bias.</param>
    /// <param name="depthwiseRegularizer">Regularizer for the depthwise kernel.</param>
    /// <param name="pointwiseRegularizer">Regularizer for the pointwise kernel.</param>
    /// <param name="biasRegularizer">Regularizer for the bias.</param>
    /// <param name="activityRegularizer">Regularizer for the output.</param>
    /// <param name="depthwiseConstraint">Constraint for the depthwise kernel.</param>
    /// <param name="pointwiseConstraint">Constraint for the pointwise kernel.</param>
    /// <param name="biasConstraint">Constraint for the bias.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected SeparableConvBase(int rank, int filters, int[] kernelSize, int[]? strides, string padding, string dataFormat, int[]? dilationRate, int depthMultiplier, string? activation, bool useBias, object? depthwiseInitializer, object? pointwiseInitializer, object? biasInitializer, object? depthwiseRegularizer, object? pointwiseRegularizer, object? biasRegularizer, object? activityRegularizer, object? depthwiseConstraint, object? pointwiseConstraint, object? biasConstraint, string? name, bool trainable, string? dtype)
        : base(name, trainable, dtype)
    {
        if (filters <= 0 || depthMultiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"`filters` and `depth_multiplier` must be positive. Received filters={filters}, depth_multiplier={depthMultiplier}.");
        }

        if (padding is not ("valid" or "same") || dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"Invalid padding '{padding}' or data_format '{dataFormat}'.", nameof(padding));
        }

        Rank = rank;
        Filters = filters;
        KernelSize = SpatialArgs.PerAxis(kernelSize, rank, "kernel_size");
        Strides = SpatialArgs.PerAxis(strides ?? [1], rank, "strides");
        DilationRate = SpatialArgs.PerAxis(dilationRate ?? [1], rank, "dilation_rate");
        Padding = padding;
        DataFormat = dataFormat;
        DepthMultiplier = depthMultiplier;
        ActivationName = string.IsNullOrEmpty(activation) ? "linear" : activation;
        Activation = Activations.Get(activation);
        UseBias = useBias;
        DepthwiseInitializer = ArgumentResolver.Initializer(depthwiseInitializer) ?? new GlorotUniform();
        PointwiseInitializer = ArgumentResolver.Initializer(pointwiseInitializer) ?? new GlorotUniform();
        BiasInitializer = ArgumentResolver.Initializer(biasInitializer) ?? new Zeros();
        DepthwiseRegularizer = ArgumentResolver.Regularizer(depthwiseRegularizer);
        PointwiseRegularizer = ArgumentResolver.Regularizer(pointwiseRegularizer);
        BiasRegularizer = ArgumentResolver.Regularizer(biasRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        DepthwiseConstraint = ArgumentResolver.Constraint(depthwiseConstraint);
        PointwiseConstraint = ArgumentResolver.Constraint(pointwiseConstraint);
        BiasConstraint = ArgumentResolver.Constraint(biasConstraint);
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Window per spatial axis.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>Stride per spatial axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Dilation per spatial axis.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Padding mode.</summary>
    public string Padding { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <summary>Depthwise filters per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <summary>The activation.</summary>
    public Func<Tensor, Tensor> Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Depthwise kernel initializer.</summary>
    public Initializer DepthwiseInitializer { get; }

    /// <summary>Pointwise kernel initializer.</summary>
    public Initializer PointwiseInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Depthwise kernel regularizer.</summary>
    public Regularizer? DepthwiseRegularizer { get; }

    /// <summary>Pointwise kernel regularizer.</summary>
    public Regularizer? PointwiseRegularizer { get; }

    /// <summary>Bias regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Output regularizer.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>Depthwise kernel constraint.</summary>
    public Constraint? DepthwiseConstraint { get; }

    /// <summary>Pointwise kernel constraint.</summary>
    public Constraint? PointwiseConstraint { get; }

    /// <summary>Bias constraint.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The depthwise kernel <c>(*kernel_size, in, depth_multiplier)</c>.</summary>
    public Variable? DepthwiseKernel { get; private set; }

    /// <summary>The pointwise kernel <c>(1.., in * depth_multiplier, filters)</c>.</summary>
    public Variable? PointwiseKernel { get; private set; }

    /// <summary>The bias.</summary>
    public Variable? Bias { get; private set; }

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
        PointwiseKernel = AddWeight("pointwise_kernel", Shape.Of([.. Enumerable.Repeat(1L, Rank), channels * DepthMultiplier, Filters]), PointwiseInitializer, regularizer: PointwiseRegularizer, constraint: PointwiseConstraint);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(Filters), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor y = ConvUtils.InDataFormat(inputs, Rank, DataFormat, KernelSize, Strides, DilationRate, Padding, Name, (x, pads) =>
        {
            Shape k = DepthwiseKernel!.Shape;
            long channels = k[Rank]!.Value;
            Tensor depthwise = Ops.Reshape(DepthwiseKernel.Value, [.. KernelSize.Select(v => (long)v), 1, channels * DepthMultiplier]);
            long[] strides = [.. Strides.Select(v => (long)v)];
            long[] dilation = [.. DilationRate.Select(v => (long)v)];
            Tensor d = Ops.Convolution(x, depthwise, null, strides, dilation, channels, pads);
            long[] ones = [.. Enumerable.Repeat(1L, Rank)];
            return Ops.Convolution(d, PointwiseKernel!.Value, Bias?.Value, ones, ones, 1, new (long, long)[Rank]);
        });
        y = Activation(y);
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
        long?[] spatial = Enumerable.Range(0, Rank)
            .Select(i => ConvUtils.OutputLength(inputShape[first + i], KernelSize[i], Padding, Strides[i], DilationRate[i]))
            .ToArray();
        return last ? new Shape([inputShape[0], .. spatial, Filters]) : new Shape([inputShape[0], Filters, .. spatial]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = Ints(KernelSize);
        config["strides"] = Ints(Strides);
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = Ints(DilationRate);
        config["depth_multiplier"] = DepthMultiplier;
        config["activation"] = ActivationName;
        config["use_bias"] = UseBias;
        config["depthwise_initializer"] = KerasSerializer.Serialize(DepthwiseInitializer);
        config["pointwise_initializer"] = KerasSerializer.Serialize(PointwiseInitializer);
        config["bias_initializer"] = KerasSerializer.Serialize(BiasInitializer);
        config["depthwise_regularizer"] = KerasSerializer.SerializeOptional(DepthwiseRegularizer);
        config["pointwise_regularizer"] = KerasSerializer.SerializeOptional(PointwiseRegularizer);
        config["bias_regularizer"] = KerasSerializer.SerializeOptional(BiasRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["depthwise_constraint"] = KerasSerializer.SerializeOptional(DepthwiseConstraint);
        config["pointwise_constraint"] = KerasSerializer.SerializeOptional(PointwiseConstraint);
        config["bias_constraint"] = KerasSerializer.SerializeOptional(BiasConstraint);
        return config;
    }

    private static JsonArray Ints(IEnumerable<int> values) => new([.. values.Select(v => (JsonNode)v)]);
}
