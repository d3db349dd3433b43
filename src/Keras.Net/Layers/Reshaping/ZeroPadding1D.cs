// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Adds zeros at the start and end of the time axis (Keras's <c>ZeroPadding1D</c>).</summary>
public sealed class ZeroPadding1D : EdgePairsBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="padding">An int (every side), one int per axis (both sides), or one (before, after) pair per axis (default 1).</param>
    /// <param name="name">The layer name.</param>
    public ZeroPadding1D(object? padding = null, string? name = null)
        : base(1, padding ?? 1, "padding", false, "channels_last", name)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ZeroPadding1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ZeroPadding1D>(config);
}
