// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>The element-wise maximum of a list of inputs (shapes broadcast).</summary>
/// <param name="name">The layer name.</param>
public sealed class Maximum(string? name = null) : Merge(name)
{
    /// <inheritdoc />
    protected override Tensor MergeFunction(Tensor accumulated, Tensor next) => Ops.Maximum(accumulated, next);

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Maximum FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Maximum>(config);
}
