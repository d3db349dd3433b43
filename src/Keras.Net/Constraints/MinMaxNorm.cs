// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Constraints;

/// <summary>Moves norms along <see cref="Axis"/> towards [min, max] at <see cref="Rate"/>.</summary>
/// <param name="minValue">The minimum norm.</param>
/// <param name="maxValue">The maximum norm.</param>
/// <param name="rate">1 enforces strictly; smaller values move part of the way.</param>
/// <param name="axis">The axis.</param>
public sealed class MinMaxNorm(double minValue = 0.0, double maxValue = 1.0, double rate = 1.0, int axis = 0) : Constraint
{
    /// <summary>The minimum norm.</summary>
    public double MinValue { get; } = minValue;

    /// <summary>The maximum norm.</summary>
    public double MaxValue { get; } = maxValue;

    /// <summary>The rate.</summary>
    public double Rate { get; } = rate;

    /// <summary>The axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc />
    public override Tensor Call(Tensor weight)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor norms = Norms(weight, Axis);
        Tensor desired = Ops.Add(Ops.Multiply(Ops.Clip(norms, MinValue, MaxValue), Rate), Ops.Multiply(norms, 1 - Rate));
        return scope.Keep(Ops.Multiply(weight, Ops.Divide(desired, Ops.Add(norms, Epsilon))));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() =>
        new() { ["min_value"] = MinValue, ["max_value"] = MaxValue, ["rate"] = Rate, ["axis"] = Axis };
}
