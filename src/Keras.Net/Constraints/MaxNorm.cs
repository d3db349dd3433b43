// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Constraints;

/// <summary>Scales weights so each norm along <see cref="Axis"/> is at most <see cref="MaxValue"/>.</summary>
/// <param name="maxValue">The maximum norm (Keras default 2).</param>
/// <param name="axis">The axis norms are taken over (default 0).</param>
public sealed class MaxNorm(double maxValue = 2.0, int axis = 0) : Constraint
{
    /// <summary>The maximum norm.</summary>
    public double MaxValue { get; } = maxValue;

    /// <summary>The axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc />
    public override Tensor Call(Tensor weight)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor norms = Norms(weight, Axis);
        Tensor desired = Ops.Clip(norms, 0, MaxValue);
        return scope.Keep(Ops.Multiply(weight, Ops.Divide(desired, Ops.Add(norms, Epsilon))));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["max_value"] = MaxValue, ["axis"] = Axis };
}
