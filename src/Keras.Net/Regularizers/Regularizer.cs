// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Regularizers;

/// <summary>A penalty on a weight added to the loss (Keras's <c>keras.regularizers.Regularizer</c>).</summary>
public abstract class Regularizer : IKerasSerializable
{
    /// <summary>The penalty for one weight.</summary>
    /// <param name="weight">The weight's value.</param>
    /// <returns>A scalar tensor.</returns>
    public abstract Tensor Call(Tensor weight);

    /// <inheritdoc />
    public abstract JsonObject GetConfig();

    /// <summary>Resolves <c>l1</c>, <c>l2</c>, <c>l1_l2</c> (Keras's defaults, 0.01) and Keras 3's <c>L1L2</c>/<c>l1l2</c> (class defaults, 0).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The regularizer.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Regularizer Get(string name) => name switch
    {
        "l1" or "L1" => new L1(),
        "l2" or "L2" => new L2(),
        "l1_l2" => new L1L2(0.01, 0.01),
        "L1L2" or "l1l2" => new L1L2(),
        _ => throw new ArgumentException($"Unknown regularizer: '{name}'.", nameof(name)),
    };

    /// <summary>A factor as Keras stores it: cast to float32 (so 0.01 reads back as 0.009999999776482582).</summary>
    /// <param name="value">The factor.</param>
    /// <returns>The float32 value widened to double.</returns>
    protected static double AsFloat32(double value) => (float)value;
}
