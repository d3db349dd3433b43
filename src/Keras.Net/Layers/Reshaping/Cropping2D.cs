// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Removes rows and columns from the edges of an image (Keras's <c>Cropping2D</c>).</summary>
public sealed class Cropping2D : EdgePairsBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="cropping">An int (every side), one int per axis (both sides), or one (before, after) pair per axis (default 0).</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="name">The layer name.</param>
    public Cropping2D(object? cropping = null, string dataFormat = "channels_last", string? name = null)
        : base(2, cropping ?? 0, "cropping", true, dataFormat, name)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Cropping2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Cropping2D>(config);
}
