// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>Normal distribution (Keras's <c>RandomNormal</c>: mean 0, stddev 0.05).</summary>
/// <param name="mean">The mean.</param>
/// <param name="stddev">The standard deviation.</param>
/// <param name="seed">An optional seed.</param>
public sealed class RandomNormal(double mean = 0.0, double stddev = 0.05, long? seed = null) : Initializer
{
    /// <summary>The mean.</summary>
    public double Mean { get; } = mean;

    /// <summary>The standard deviation.</summary>
    public double Stddev { get; } = stddev;

    /// <summary>The seed, if any.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc />
    public override Tensor Call(long[] shape, DType? dtype = null) => Ops.RandomNormal(shape, Mean, Stddev, Seed, dtype);

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = Seed };
}
