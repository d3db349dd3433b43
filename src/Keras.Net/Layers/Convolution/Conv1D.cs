// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>1-D convolution over time (Keras's <c>Conv1D</c>): kernel <c>(k, in_channels / groups, filters)</c>; <c>causal</c> padding looks only backwards.</summary>
public sealed class Conv1D : ConvBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The window size: one value for every axis, or one per axis.</param>
    /// <param name="strides">The strides: one value or one per axis (default 1).</param>
    /// <param name="padding"><c>valid</c>, <c>same</c> (TensorFlow's split) or <c>causal</c>.</param>
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
    public Conv1D(int filters, IntTuple kernelSize, IntTuple strides = default, string padding = "valid", string dataFormat = "channels_last", IntTuple dilationRate = default, int groups = 1, string? activation = null, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(1, filters, kernelSize.ToArray(), strides, padding, dataFormat, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name, trainable, dtype)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Conv1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Conv1D>(config);
}
