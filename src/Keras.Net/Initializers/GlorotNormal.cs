// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">An optional seed.</param>
    public GlorotNormal(long? seed = null)
        : base(1.0, "fan_avg", "truncated_normal", seed)
    {
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["seed"] = Seed };
}
