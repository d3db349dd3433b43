// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Adds rows and columns of zeros around an image (Keras's <c>ZeroPadding2D</c>).</summary>
public sealed class ZeroPadding2D : EdgePairsBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="padding">An int (every side), one int per axis (both sides), or one (before, after) pair per axis (default 1).</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="name">The layer name.</param>
    public ZeroPadding2D(object? padding = null, string dataFormat = "channels_last", string? name = null)
        : base(2, padding ?? 1, "padding", false, dataFormat, name)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ZeroPadding2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ZeroPadding2D>(config);
}
