// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Regularizers;

/// <summary><c>l1 * sum(|w|) + l2 * sum(w^2)</c>.</summary>
/// <param name="l1">The L1 factor (Keras default 0).</param>
/// <param name="l2">The L2 factor (Keras default 0).</param>
public sealed class L1L2(double l1 = 0.0, double l2 = 0.0) : Regularizer
{
    /// <summary>The L1 factor.</summary>
    public double L1Factor { get; } = AsFloat32(l1);

    /// <summary>The L2 factor.</summary>
    public double L2Factor { get; } = AsFloat32(l2);

    /// <inheritdoc />
    public override Tensor Call(Tensor weight)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor total = Ops.Add(Ops.Multiply(Ops.Sum(Ops.Abs(weight)), L1Factor), Ops.Multiply(Ops.Sum(Ops.Square(weight)), L2Factor));
        return scope.Keep(total);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["l1"] = L1Factor, ["l2"] = L2Factor };
}
