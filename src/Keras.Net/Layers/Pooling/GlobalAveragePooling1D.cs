// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>The mean over time per channel, leaving masked steps out (Keras's <c>GlobalAveragePooling1D</c>).</summary>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
/// <param name="keepdims">Keep the reduced axes with size 1.</param>
/// <param name="name">The layer name.</param>
public sealed class GlobalAveragePooling1D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
    : GlobalPoolingBase(1, false, dataFormat, keepdims, name)
{
    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static GlobalAveragePooling1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<GlobalAveragePooling1D>(config);
}
