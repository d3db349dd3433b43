// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>LeCun normal: truncated normal with stddev sqrt(1 / fan_in).</summary>
public sealed class LecunNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">An optional seed.</param>
    public LecunNormal(long? seed = null)
        : base(1.0, "fan_in", "truncated_normal", seed)
    {
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["seed"] = Seed };
}
