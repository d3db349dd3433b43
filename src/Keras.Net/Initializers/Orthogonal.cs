// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>
/// A random orthogonal matrix (Keras's <c>Orthogonal</c>); shapes of rank above 2 are flattened to
/// (prod(shape[:-1]), shape[-1]) first.
/// </summary>
/// <param name="gain">The multiplicative factor.</param>
/// <param name="seed">An optional seed.</param>
public sealed class Orthogonal(double gain = 1.0, long? seed = null) : Initializer
{
    /// <summary>The multiplicative factor.</summary>
    public double Gain { get; } = gain;

    /// <summary>The seed, if any.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc />
    public override Tensor Call(long[] shape, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2)
        {
            throw new ArgumentException($"The tensor to initialize must be at least two-dimensional. Received: shape={Shape.Of(shape)} of rank {shape.Length}.", nameof(shape));
        }

        long rows = shape[..^1].Aggregate(1L, (a, b) => a * b);
        using Tensor flat = Ops.RandomOrthogonal(rows, shape[^1], Gain, Seed, dtype);
        return Ops.Reshape(flat, shape);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["gain"] = Gain, ["seed"] = Seed };
}
