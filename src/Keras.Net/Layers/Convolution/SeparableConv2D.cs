// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Depthwise-separable 2-D convolution (Keras's <c>SeparableConv2D</c>).</summary>
public sealed class SeparableConv2D : SeparableConvBase
{
    /// <summary>Creates the layer (arguments as Keras's; see <see cref="SeparableConvBase"/>).</summary>
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
    public SeparableConv2D(int filters, IntTuple kernelSize, IntTuple strides = default, string padding = "valid", string dataFormat = "channels_last", IntTuple dilationRate = default, int depthMultiplier = 1, string? activation = null, bool useBias = true, object? depthwiseInitializer = null, object? pointwiseInitializer = null, object? biasInitializer = null, object? depthwiseRegularizer = null, object? pointwiseRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? depthwiseConstraint = null, object? pointwiseConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(2, filters, kernelSize.ToArray(), strides, padding, dataFormat, dilationRate, depthMultiplier, activation, useBias, depthwiseInitializer, pointwiseInitializer, biasInitializer, depthwiseRegularizer, pointwiseRegularizer, biasRegularizer, activityRegularizer, depthwiseConstraint, pointwiseConstraint, biasConstraint, name, trainable, dtype)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static SeparableConv2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SeparableConv2D>(config);
}
