// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Adamax, as Keras computes it: <c>m += (g - m)(1 - b1)</c>, <c>u = max(b2 u, |g|)</c>,
/// <c>w -= lr m / ((1 - b1^t)(u + eps))</c>. Keras defaults: lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the infinity norm.</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public Adamax(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        SlotDefinitions = [new("m", "momentum"), new("u", "norm")];
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the infinity norm.</summary>
    public double Beta2 { get; }

    /// <summary>Numerical stability constant.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor m = slots[0].Value, u = slots[1].Value;
        Ops.LerpInPlace(m, gradient, 1 - Beta1);
        Ops.MultiplyInPlace(u, Beta2);
        Ops.MaximumInPlace(u, Ops.Abs(gradient));
        Tensor denominator = Ops.Add(u, Epsilon);
        Ops.AddQuotientInPlace(variable.Value, m, denominator, -learningRate / (1 - Math.Pow(Beta1, step)));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["beta_1"] = Beta1;
        config["beta_2"] = Beta2;
        config["epsilon"] = Epsilon;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static Adamax FromConfig(JsonObject config) => Bind<Adamax>(config);
}
