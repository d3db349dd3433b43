// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>He uniform: U(-limit, limit) with limit = sqrt(6 / fan_in).</summary>
public sealed class HeUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">An optional seed.</param>
    public HeUniform(long? seed = null)
        : base(2.0, "fan_in", "uniform", seed)
    {
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["seed"] = Seed };
}
