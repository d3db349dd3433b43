// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// 1-D convolution over time (Keras's <c>Conv1D</c>): kernel <c>(kernel_size, in_channels / groups, filters)</c>,
/// channels last by default, <c>valid</c>, <c>same</c> (TensorFlow's split, extra zero after) or <c>causal</c>
/// padding, strides, dilation and groups.
/// </summary>
public sealed class Conv1D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The window length (one value).</param>
    /// <param name="strides">The stride (one value; default 1).</param>
    /// <param name="padding"><c>valid</c>, <c>same</c> or <c>causal</c>.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="dilationRate">The dilation (one value; default 1).</param>
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
    public Conv1D(int filters, int[] kernelSize, int[]? strides = null, string padding = "valid", string dataFormat = "channels_last", int[]? dilationRate = null, int groups = 1, string? activation = null, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        ArgumentNullException.ThrowIfNull(kernelSize);
        if (filters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.");
        }

        if (kernelSize.Length != 1 || (strides ?? [1]).Length != 1 || (dilationRate ?? [1]).Length != 1)
        {
            throw new ArgumentException("Conv1D takes one kernel size, one stride and one dilation rate.");
        }

        if (padding is not ("valid" or "same" or "causal"))
        {
            throw new ArgumentException($"Invalid padding: '{padding}'. Expected \"valid\", \"same\" or \"causal\".", nameof(padding));
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
        KernelSize = kernelSize[0];
        Strides = (strides ?? [1])[0];
        Padding = padding;
        DataFormat = dataFormat;
        DilationRate = (dilationRate ?? [1])[0];
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

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Window length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Strides { get; }

    /// <summary>Padding mode.</summary>
    public string Padding { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <summary>Dilation rate.</summary>
    public int DilationRate { get; }

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
    public Variable? Kernel { get; private set; }

    /// <summary>The bias.</summary>
    public Variable? Bias { get; private set; }

    private int ChannelAxis => DataFormat == "channels_last" ? 2 : 1;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank != 3 || inputShape[ChannelAxis] is not long channels)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim=3 with a known channel dimension, found shape={inputShape}");
        }

        if (channels % Groups != 0)
        {
            throw new ArgumentException($"The number of input channels must be evenly divisible by the number of groups. Received groups={Groups}, input shape={inputShape}.");
        }

        Kernel = AddWeight("kernel", Shape.Of(KernelSize, channels / Groups, Filters), KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(Filters), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor x = DataFormat == "channels_last" ? inputs : Ops.Transpose(inputs, [0, 2, 1]);
        long steps = Ops.ShapeOf(x)[1]!.Value;
        var (before, after) = ConvUtils.Padding(steps, KernelSize, Padding, Strides, DilationRate);
        Tensor y = Activation(Ops.Conv1D(x, Kernel!.Value, Bias?.Value, Strides, DilationRate, Groups, before, after));
        if (DataFormat == "channels_first")
        {
            y = Ops.Transpose(y, [0, 2, 1]);
        }

        if (ActivityRegularizer is not null)
        {
            AddLoss(Ops.Divide(ActivityRegularizer.Call(y), Ops.Scalar(Ops.ShapeOf(y)[0] ?? 1, Ops.DTypeOf(y), Ops.DeviceOf(y))));
        }

        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int timeAxis = DataFormat == "channels_last" ? 1 : 2;
        long? steps = ConvUtils.OutputLength(inputShape[timeAxis], KernelSize, Padding, Strides, DilationRate);
        return DataFormat == "channels_last"
            ? new Shape([inputShape[0], steps, Filters])
            : new Shape([inputShape[0], Filters, steps]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = new JsonArray(KernelSize);
        config["strides"] = new JsonArray(Strides);
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = new JsonArray(DilationRate);
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

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Conv1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Conv1D>(config);
}
