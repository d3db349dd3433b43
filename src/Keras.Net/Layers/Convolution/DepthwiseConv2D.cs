// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Depthwise 2-D convolution (Keras's <c>DepthwiseConv2D</c>): each input channel is convolved with its own
/// <c>depth_multiplier</c> filters; kernel <c>depthwise_kernel (kh, kw, in, depth_multiplier)</c>, output channel
/// <c>c * depth_multiplier + m</c>, bias <c>(in * depth_multiplier)</c>.
/// </summary>
public sealed class DepthwiseConv2D : Layer
{
    /// <summary>Creates the layer.</summary>
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
    public DepthwiseConv2D(int[] kernelSize, int[]? strides = null, string padding = "valid", int depthMultiplier = 1, string dataFormat = "channels_last", int[]? dilationRate = null, string? activation = null, bool useBias = true, object? depthwiseInitializer = null, object? biasInitializer = null, object? depthwiseRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? depthwiseConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
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

        KernelSize = SpatialArgs.PerAxis(kernelSize, 2, "kernel_size");
        Strides = SpatialArgs.PerAxis(strides ?? [1], 2, "strides");
        DilationRate = SpatialArgs.PerAxis(dilationRate ?? [1], 2, "dilation_rate");
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

    /// <summary>The kernel <c>(kh, kw, in, depth_multiplier)</c>.</summary>
    public Variable? DepthwiseKernel { get; private set; }

    /// <summary>The bias <c>(in * depth_multiplier)</c>.</summary>
    public Variable? Bias { get; private set; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int channelAxis = DataFormat == "channels_last" ? 3 : 1;
        if (inputShape.Rank != 4 || inputShape[channelAxis] is not long channels)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim=4 with a known channel dimension, found shape={inputShape}");
        }

        DepthwiseKernel = AddWeight("depthwise_kernel", Shape.Of(KernelSize[0], KernelSize[1], channels, DepthMultiplier), DepthwiseInitializer, regularizer: DepthwiseRegularizer, constraint: DepthwiseConstraint);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(channels * DepthMultiplier), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor y = ConvUtils.InDataFormat(inputs, 2, DataFormat, KernelSize, Strides, DilationRate, Padding, Name, (x, pads) =>
        {
            long channels = DepthwiseKernel!.Shape[2]!.Value;
            Tensor kernel = Ops.Reshape(DepthwiseKernel.Value, [KernelSize[0], KernelSize[1], 1, channels * DepthMultiplier]);
            return Ops.Convolution(x, kernel, Bias?.Value, [Strides[0], Strides[1]], [DilationRate[0], DilationRate[1]], channels, pads);
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
        long? channels = inputShape[last ? 3 : 1] * DepthMultiplier;
        long? h = ConvUtils.OutputLength(inputShape[first], KernelSize[0], Padding, Strides[0], DilationRate[0]);
        long? w = ConvUtils.OutputLength(inputShape[first + 1], KernelSize[1], Padding, Strides[1], DilationRate[1]);
        return last ? new Shape([inputShape[0], h, w, channels]) : new Shape([inputShape[0], channels, h, w]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["kernel_size"] = new JsonArray(KernelSize[0], KernelSize[1]);
        config["strides"] = new JsonArray(Strides[0], Strides[1]);
        config["padding"] = Padding;
        config["depth_multiplier"] = DepthMultiplier;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = new JsonArray(DilationRate[0], DilationRate[1]);
        config["activation"] = ActivationName;
        config["use_bias"] = UseBias;
        config["depthwise_initializer"] = KerasSerializer.Serialize(DepthwiseInitializer);
        config["bias_initializer"] = KerasSerializer.Serialize(BiasInitializer);
        config["depthwise_regularizer"] = KerasSerializer.SerializeOptional(DepthwiseRegularizer);
        config["bias_regularizer"] = KerasSerializer.SerializeOptional(BiasRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["depthwise_constraint"] = KerasSerializer.SerializeOptional(DepthwiseConstraint);
        config["bias_constraint"] = KerasSerializer.SerializeOptional(BiasConstraint);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static DepthwiseConv2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<DepthwiseConv2D>(config);
}
