// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Multiplies a list of inputs element-wise (shapes broadcast).</summary>
/// <param name="name">The layer name.</param>
public sealed class Multiply(string? name = null) : Merge(name)
{
    /// <inheritdoc />
    protected override Tensor MergeFunction(Tensor accumulated, Tensor next) => Ops.Multiply(accumulated, next);

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Multiply FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Multiply>(config);
}
