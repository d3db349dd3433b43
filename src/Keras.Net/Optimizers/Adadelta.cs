// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Adadelta, as Keras computes it: <c>acc_g = rho acc_g + (1 - rho) g^2</c>,
/// <c>delta = -sqrt(acc_d + eps) / sqrt(acc_g + eps) * g</c>, <c>acc_d = rho acc_d + (1 - rho) delta^2</c>,
/// <c>w += lr * delta</c>. Keras defaults: lr 0.001, rho 0.95, epsilon 1e-7.
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="rho">The decay rate.</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public Adadelta(double learningRate = 0.001, double rho = 0.95, double epsilon = 1e-7, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        Rho = rho;
        Epsilon = epsilon;
        SlotDefinitions = [new("accumulated_grad", "accumulated_grad"), new("accumulated_delta_var", "accumulated_delta_var")];
    }

    /// <summary>The decay rate.</summary>
    public double Rho { get; }

    /// <summary>Numerical stability constant.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor accGrad = slots[0].Value, accDelta = slots[1].Value;
        Ops.MultiplyInPlace(accGrad, Rho);
        Ops.AddProductInPlace(accGrad, gradient, gradient, 1 - Rho);
        Tensor delta = Ops.Negative(Ops.Multiply(Ops.Divide(Ops.Sqrt(Ops.Add(accDelta, Epsilon)), Ops.Sqrt(Ops.Add(accGrad, Epsilon))), gradient));
        Ops.MultiplyInPlace(accDelta, Rho);
        Ops.AddProductInPlace(accDelta, delta, delta, 1 - Rho);
        Ops.AddInPlace(variable.Value, delta, learningRate);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["rho"] = Rho;
        config["epsilon"] = Epsilon;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static Adadelta FromConfig(JsonObject config) => Bind<Adadelta>(config);
}
