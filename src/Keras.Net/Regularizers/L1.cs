// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Regularizers;

/// <summary><c>l1 * sum(|w|)</c>.</summary>
/// <param name="l1">The factor (Keras default 0.01).</param>
public sealed class L1(double l1 = 0.01) : Regularizer
{
    /// <summary>The factor (stored as float32, as Keras does).</summary>
    public double Factor { get; } = AsFloat32(l1);

    /// <inheritdoc />
    public override Tensor Call(Tensor weight)
    {
        using Tensor abs = Ops.Abs(weight);
        using Tensor sum = Ops.Sum(abs);
        return Ops.Multiply(sum, Factor);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["l1"] = Factor };
}
