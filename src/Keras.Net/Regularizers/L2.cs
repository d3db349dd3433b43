// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Regularizers;

/// <summary><c>l2 * sum(w^2)</c>.</summary>
/// <param name="l2">The factor (Keras default 0.01).</param>
public sealed class L2(double l2 = 0.01) : Regularizer
{
    /// <summary>The factor (stored as float32, as Keras does).</summary>
    public double Factor { get; } = AsFloat32(l2);

    /// <inheritdoc />
    public override Tensor Call(Tensor weight)
    {
        using Tensor sq = Ops.Square(weight);
        using Tensor sum = Ops.Sum(sq);
        return Ops.Multiply(sum, Factor);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["l2"] = Factor };
}
