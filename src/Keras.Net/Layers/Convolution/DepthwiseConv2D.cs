// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Depthwise 2-D convolution (Keras's <c>DepthwiseConv2D</c>): each input channel is convolved with its own
/// <c>depth_multiplier</c> filters; kernel <c>depthwise_kernel (kh, kw, in, depth_multiplier)</c>, output channel
/// <c>c * depth_multiplier + m</c>, bias <c>(in * depth_multiplier)</c>.
/// </summary>
public sealed class DepthwiseConv2D : DepthwiseConvBase
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
    public DepthwiseConv2D(IntTuple kernelSize, IntTuple strides = default, string padding = "valid", int depthMultiplier = 1, string dataFormat = "channels_last", IntTuple dilationRate = default, string? activation = null, bool useBias = true, object? depthwiseInitializer = null, object? biasInitializer = null, object? depthwiseRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? depthwiseConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(2, kernelSize.ToArray(), strides, padding, depthMultiplier, dataFormat, dilationRate, activation, useBias, depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer, activityRegularizer, depthwiseConstraint, biasConstraint, name, trainable, dtype)
    {
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["kernel_size"] = Ints(KernelSize);
        config["strides"] = Ints(Strides);
        config["padding"] = Padding;
        config["depth_multiplier"] = DepthMultiplier;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = Ints(DilationRate);
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
