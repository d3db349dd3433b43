// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Constraints;

/// <summary>A projection applied to a weight after every optimizer update (Keras's <c>keras.constraints.Constraint</c>).</summary>
public abstract class Constraint : IKerasSerializable
{
    /// <summary>Keras's epsilon in norm constraints.</summary>
    protected const double Epsilon = 1e-7;

    /// <summary>The projected weight.</summary>
    /// <param name="weight">The weight's value.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public abstract Tensor Call(Tensor weight);

    /// <inheritdoc />
    public virtual JsonObject GetConfig() => [];

    /// <summary>Resolves <c>max_norm</c>, <c>non_neg</c>, <c>unit_norm</c>, <c>min_max_norm</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The constraint.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Constraint Get(string name) => name switch
    {
        "max_norm" or "MaxNorm" => new MaxNorm(),
        "non_neg" or "NonNeg" => new NonNeg(),
        "unit_norm" or "UnitNorm" => new UnitNorm(),
        "min_max_norm" or "MinMaxNorm" => new MinMaxNorm(),
        _ => throw new ArgumentException($"Unknown constraint: '{name}'.", nameof(name)),
    };

    /// <summary>sqrt(sum(w^2)) over <paramref name="axis"/>, keeping dims.</summary>
    /// <param name="weight">The weight.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The norms.</returns>
    protected static Tensor Norms(Tensor weight, int axis)
    {
        using Tensor sq = Ops.Square(weight);
        using Tensor sum = Ops.Sum(sq, [axis], keepDims: true);
        return Ops.Sqrt(sum);
    }
}
