// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fan_in).</summary>
public sealed class LecunUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">An optional seed.</param>
    public LecunUniform(long? seed = null)
        : base(1.0, "fan_in", "uniform", seed)
    {
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["seed"] = Seed };
}
