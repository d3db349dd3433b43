// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>Uniform distribution (Keras's <c>RandomUniform</c>: [-0.05, 0.05)).</summary>
/// <param name="minval">The lower bound.</param>
/// <param name="maxval">The upper bound.</param>
/// <param name="seed">An optional seed.</param>
public sealed class RandomUniform(double minval = -0.05, double maxval = 0.05, long? seed = null) : Initializer
{
    /// <summary>The lower bound.</summary>
    public double Minval { get; } = minval;

    /// <summary>The upper bound.</summary>
    public double Maxval { get; } = maxval;

    /// <summary>The seed, if any.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc />
    public override Tensor Call(long[] shape, DType? dtype = null) => Ops.RandomUniform(shape, Minval, Maxval, Seed, dtype);

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["minval"] = Minval, ["maxval"] = Maxval, ["seed"] = Seed };
}
