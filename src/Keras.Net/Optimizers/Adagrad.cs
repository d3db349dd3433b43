// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Adagrad, as Keras computes it: <c>acc += g^2</c>, <c>w -= lr * g / sqrt(acc + eps)</c>. Keras defaults:
/// lr 0.001, initial accumulator 0.1, epsilon 1e-7.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="initialAccumulatorValue">The accumulators' starting value.</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
        SlotDefinitions = [new("accumulator", "accumulator", initialAccumulatorValue)];
    }

    /// <summary>The accumulators' starting value.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>Numerical stability constant.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        Tensor acc = slots[0].Value;
        Ops.AddProductInPlace(acc, gradient, gradient, 1);
        using Tensor shifted = Ops.Add(acc, Epsilon);
        using Tensor denominator = Ops.Sqrt(shifted);
        Ops.AddQuotientInPlace(variable.Value, gradient, denominator, -learningRate);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["epsilon"] = Epsilon;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static Adagrad FromConfig(JsonObject config) => Bind<Adagrad>(config);
}
