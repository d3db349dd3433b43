// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Removes steps from the start and end of the time axis (Keras's <c>Cropping1D</c>).</summary>
public sealed class Cropping1D : EdgePairsBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="cropping">An int (every side), one int per axis (both sides), or one (before, after) pair per axis (default (1, 1)).</param>
    /// <param name="name">The layer name.</param>
    public Cropping1D(object? cropping = null, string? name = null)
        : base(1, cropping ?? new[] { 1, 1 }, "cropping", true, "channels_last", name)
    {
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Cropping1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Cropping1D>(config);
}
