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
public abstract class SeparableConvBase : DepthwiseConvBase
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
        : base(rank, kernelSize, strides, padding, depthMultiplier, dataFormat, dilationRate, activation, useBias, depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer, activityRegularizer, depthwiseConstraint, biasConstraint, name, trainable, dtype)
    {
        if (filters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.");
        }

        Filters = filters;
        PointwiseInitializer = ArgumentResolver.Initializer(pointwiseInitializer) ?? new GlorotUniform();
        PointwiseRegularizer = ArgumentResolver.Regularizer(pointwiseRegularizer);
        PointwiseConstraint = ArgumentResolver.Constraint(pointwiseConstraint);
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Pointwise kernel initializer.</summary>
    public Initializer PointwiseInitializer { get; }

    /// <summary>Pointwise kernel regularizer.</summary>
    public Regularizer? PointwiseRegularizer { get; }

    /// <summary>Pointwise kernel constraint.</summary>
    public Constraint? PointwiseConstraint { get; }

    /// <summary>The pointwise kernel <c>(1.., in * depth_multiplier, filters)</c>.</summary>
    public Variable? PointwiseKernel { get; private set; }

    /// <inheritdoc />
    protected override long OutputChannels(long inputChannels) => Filters;

    /// <inheritdoc />
    protected override void BuildBetween(long inputChannels) =>
        PointwiseKernel = AddWeight("pointwise_kernel", Shape.Of([.. Enumerable.Repeat(1L, Rank), inputChannels * DepthMultiplier, Filters]), PointwiseInitializer, regularizer: PointwiseRegularizer, constraint: PointwiseConstraint);

    /// <inheritdoc />
    protected override Tensor AfterDepthwise(Tensor depthwise)
    {
        long[] ones = [.. Enumerable.Repeat(1L, Rank)];
        return Ops.Convolution(depthwise, PointwiseKernel!.Value, Bias?.Value, ones, ones, 1, new (long, long)[Rank]);
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
}
