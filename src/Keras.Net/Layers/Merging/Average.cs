// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>The element-wise mean of a list of inputs (shapes broadcast).</summary>
/// <param name="name">The layer name.</param>
public sealed class Average(string? name = null) : Merge(name)
{
    /// <inheritdoc />
    protected override Tensor MergeFunction(Tensor accumulated, Tensor next) => Ops.Add(accumulated, next);

    /// <inheritdoc />
    protected override Tensor Finish(Tensor merged, int count) => Ops.Multiply(merged, 1.0 / count);

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Average FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Average>(config);
}
