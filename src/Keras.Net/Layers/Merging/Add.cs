// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>Adds a list of inputs element-wise (shapes broadcast).</summary>
/// <param name="name">The layer name.</param>
public sealed class Add(string? name = null) : Merge(name)
{
    /// <inheritdoc />
    protected override Tensor MergeFunction(Tensor accumulated, Tensor next) => Ops.Add(accumulated, next);
}
