// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>The mean over each window of an image (Keras's <c>AveragePooling2D</c>).</summary>
/// <param name="poolSize">The window: one value for every axis, or one per axis (default 2).</param>
/// <param name="strides">The strides: one value or one per axis (default: the pool size).</param>
/// <param name="padding"><c>valid</c> or <c>same</c>.</param>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
/// <param name="name">The layer name.</param>
public sealed class AveragePooling2D(IntTuple poolSize = default, IntTuple strides = default, string padding = "valid", string dataFormat = "channels_last", string? name = null)
    : PoolingBase(2, false, poolSize, strides, padding, dataFormat, name)
{
    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static AveragePooling2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<AveragePooling2D>(config);
}
