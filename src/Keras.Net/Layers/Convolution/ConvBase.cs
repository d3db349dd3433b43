// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// The shared machinery of Keras's convolutions over 1 to 3 spatial axes: kernel
/// <c>(*kernel_size, in_channels / groups, filters)</c>, channels last by default, <c>valid</c> or <c>same</c>
/// padding with TensorFlow's split (the extra zero goes after), strides, dilation and groups.
/// </summary>
public abstract class ConvBase : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The window size: one value for every axis, or one per axis.</param>
    /// <param name="strides">The strides: one value or one per axis (default 1).</param>
    /// <param name="padding"><c>valid</c> or <c>same</c> (and <c>causal</c> for 1-D).</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="dilationRate">The dilation: one value or one per axis (default 1).</param>
    /// <param name="groups">Groups the input channels are split into.</param>
    /// <param name="activation">The activation name.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer for the kernel (default glorot_uniform).</param>
    /// <param name="biasInitializer">Initializer for the bias (default zeros).</param>
    /// <param name="kernelRegularizer">Regularizer for the kernel.</param>
    /// <param name="biasRegularizer">Regularizer for the bias.</param>
    /// <param name="activityRegularizer">Regularizer for the output.</param>
    /// <param name="kernelConstraint">Constraint for the kernel.</param>
    /// <param name="biasConstraint">Constraint for the bias.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected ConvBase(int rank, int filters, int[] kernelSize, int[]? strides = null, string padding = "valid", string dataFormat = "channels_last", int[]? dilationRate = null, int groups = 1, string? activation = null, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        ArgumentNullException.ThrowIfNull(kernelSize);
        if (filters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.");
        }

        Rank = rank;
        KernelSize = SpatialArgs.PerAxis(kernelSize, rank, "kernel_size");
        Strides = SpatialArgs.PerAxis(strides ?? [1], rank, "strides");
        DilationRate = SpatialArgs.PerAxis(dilationRate ?? [1], rank, "dilation_rate");
        if (padding is not ("valid" or "same") && !(padding == "causal" && rank == 1))
        {
            throw new ArgumentException($"Invalid padding: '{padding}'. Expected \"valid\" or \"same\"{(rank == 1 ? " or \"causal\"" : string.Empty)}.", nameof(padding));
        }

        if (Strides.Any(v => v > 1) && DilationRate.Any(v => v > 1))
        {
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={string.Join(",", Strides)} and dilation_rate={string.Join(",", DilationRate)}");
        }

        if (dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"Invalid data_format: '{dataFormat}'.", nameof(dataFormat));
        }

        if (groups <= 0 || filters % groups != 0)
        {
            throw new ArgumentException($"The number of filters must be evenly divisible by the number of groups. Received: groups={groups}, filters={filters}.", nameof(groups));
        }

        Filters = filters;
        Padding = padding;
        DataFormat = dataFormat;
        Groups = groups;
        ActivationName = string.IsNullOrEmpty(activation) ? "linear" : activation;
        Activation = Activations.Get(activation);
        UseBias = useBias;
        KernelInitializer = ArgumentResolver.Initializer(kernelInitializer) ?? new GlorotUniform();
        BiasInitializer = ArgumentResolver.Initializer(biasInitializer) ?? new Zeros();
        KernelRegularizer = ArgumentResolver.Regularizer(kernelRegularizer);
        BiasRegularizer = ArgumentResolver.Regularizer(biasRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        KernelConstraint = ArgumentResolver.Constraint(kernelConstraint);
        BiasConstraint = ArgumentResolver.Constraint(biasConstraint);
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Window size per spatial axis.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>Stride per spatial axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Padding mode.</summary>
    public string Padding { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <summary>Dilation rate per spatial axis.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Groups.</summary>
    public int Groups { get; }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <summary>The activation.</summary>
    public Func<Tensor, Tensor> Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Kernel regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Bias regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Output regularizer.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>Kernel constraint.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Bias constraint.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The kernel.</summary>
    public Variable? Kernel { get; protected set; }

    /// <summary>The bias.</summary>
    public Variable? Bias { get; protected set; }

    private int ChannelAxis => DataFormat == "channels_last" ? Rank + 1 : 1;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank != Rank + 2 || inputShape[ChannelAxis] is not long channels)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim={Rank + 2} with a known channel dimension, found shape={inputShape}");
        }

        if (channels % Groups != 0)
        {
            throw new ArgumentException($"The number of input channels must be evenly divisible by the number of groups. Received groups={Groups}, input shape={inputShape}.");
        }

        Kernel = AddWeight("kernel", Shape.Of([.. KernelSize.Select(k => (long)k), channels / Groups, Filters]), KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(Filters), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor y = Activation(ConvUtils.InDataFormat(inputs, Rank, DataFormat, KernelSize, Strides, DilationRate, Padding, Name, (x, padding) =>
            Ops.Convolution(x, Kernel!.Value, Bias?.Value, [.. Strides.Select(v => (long)v)], [.. DilationRate.Select(v => (long)v)], Groups, padding)));
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
        config["groups"] = Groups;
        config["activation"] = ActivationName;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KerasSerializer.Serialize(KernelInitializer);
        config["bias_initializer"] = KerasSerializer.Serialize(BiasInitializer);
        config["kernel_regularizer"] = KerasSerializer.SerializeOptional(KernelRegularizer);
        config["bias_regularizer"] = KerasSerializer.SerializeOptional(BiasRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["kernel_constraint"] = KerasSerializer.SerializeOptional(KernelConstraint);
        config["bias_constraint"] = KerasSerializer.SerializeOptional(BiasConstraint);
        return config;
    }

    private static JsonArray Ints(IEnumerable<int> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>The kernel's input-channel count: <c>(k..., in / groups, filters)</c>.</summary>
    private protected virtual long? InputChannels(long[] kernel) => kernel.Length == Rank + 2 ? kernel[Rank] * Groups : null;

    /// <inheritdoc />
    internal override Shape? InputShapeFromWeight(long[] firstWeight) =>
        InputChannels(firstWeight) is long channels ? ConvUtils.ImageShape(Rank, channels, DataFormat) : null;
}
