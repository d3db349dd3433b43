// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Transposed 1-D convolution (Keras's <c>Conv1DTranspose</c>): kernel <c>(k, filters, in)</c>.</summary>
public sealed class Conv1DTranspose : ConvTransposeBase
{
    /// <summary>Creates the layer (arguments as Keras's; see <see cref="ConvTransposeBase"/>).</summary>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelSize">The window: one value for every axis, or one per axis.</param>
    /// <param name="strides">The strides (default 1).</param>
    /// <param name="padding"><c>valid</c> or <c>same</c>.</param>
    /// <param name="outputPadding">Extra output length per axis (an int or one per axis, each below its stride), or null.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="dilationRate">The dilation (default 1).</param>
    /// <param name="activation">The activation name.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer (default glorot_uniform).</param>
    /// <param name="biasInitializer">Bias initializer (default zeros).</param>
    /// <param name="kernelRegularizer">Kernel regularizer.</param>
    /// <param name="biasRegularizer">Bias regularizer.</param>
    /// <param name="activityRegularizer">Output regularizer.</param>
    /// <param name="kernelConstraint">Kernel constraint.</param>
    /// <param name="biasConstraint">Bias constraint.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Conv1DTranspose(int filters, IntTuple kernelSize, IntTuple strides = default, string padding = "valid", IntTuple outputPadding = default, string dataFormat = "channels_last", IntTuple dilationRate = default, string? activation = null, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(1, filters, kernelSize.ToArray(), strides, padding, outputPadding, dataFormat, dilationRate, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name, trainable, dtype)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Conv1DTranspose FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Conv1DTranspose>(config);
}
