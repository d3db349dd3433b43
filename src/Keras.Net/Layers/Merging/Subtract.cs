// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Subtracts the second of exactly two inputs from the first (shapes broadcast).</summary>
/// <param name="name">The layer name.</param>
public sealed class Subtract(string? name = null) : Merge(name)
{
    /// <inheritdoc />
    protected override Tensor MergeFunction(Tensor accumulated, Tensor next) => Ops.Subtract(accumulated, next);

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count != 2)
        {
            throw new ArgumentException($"A `Subtract` layer should be called on exactly 2 inputs. Received: {inputShapes.Count} inputs.");
        }

        base.CheckInputShapes(inputShapes);
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Subtract FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Subtract>(config);
}
