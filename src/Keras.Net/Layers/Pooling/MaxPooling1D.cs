// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>The maximum over each window of a sequence (Keras's <c>MaxPooling1D</c>).</summary>
/// <param name="poolSize">The window: one value for every axis, or one per axis (default 2).</param>
/// <param name="strides">The strides: one value or one per axis (default: the pool size).</param>
/// <param name="padding"><c>valid</c> or <c>same</c>.</param>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
/// <param name="name">The layer name.</param>
public sealed class MaxPooling1D(IntTuple poolSize = default, IntTuple strides = default, string padding = "valid", string dataFormat = "channels_last", string? name = null)
    : PoolingBase(1, true, poolSize, strides, padding, dataFormat, name)
{
    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static MaxPooling1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<MaxPooling1D>(config);
}
