// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>The maximum over time per channel (Keras's <c>GlobalMaxPooling1D</c>).</summary>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
/// <param name="keepdims">Keep the reduced axes with size 1.</param>
/// <param name="name">The layer name.</param>
public sealed class GlobalMaxPooling1D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
    : GlobalPoolingBase(1, true, dataFormat, keepdims, name)
{
    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static GlobalMaxPooling1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<GlobalMaxPooling1D>(config);
}
