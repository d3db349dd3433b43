// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Constraints;

/// <summary>Scales weights to unit norm along <see cref="Axis"/>.</summary>
/// <param name="axis">The axis (default 0).</param>
public sealed class UnitNorm(int axis = 0) : Constraint
{
    /// <summary>The axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc />
    public override Tensor Call(Tensor weight)
    {
        using TensorScope scope = Ops.NewScope();
        return scope.Keep(Ops.Divide(weight, Ops.Add(Norms(weight, Axis), Epsilon)));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["axis"] = Axis };
}
