// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// <c>initial_learning_rate / (1 + decay_rate * step / decay_steps)</c> (floored exponent with staircase).
/// Legacy Keras 2 optimizers' <c>decay</c> argument is this schedule with <c>decay_steps = 1</c>.
/// </summary>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps per unit of decay (positive).</param>
    /// <param name="decayRate">The decay rate.</param>
    /// <param name="staircase">Decay in whole periods.</param>
    /// <param name="name">An optional name.</param>
    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase = false, string? name = null)
    {
        InitialLearningRate = initialLearningRate;
        DecaySteps = Positive(decaySteps, "decay_steps", nameof(decaySteps));
        DecayRate = decayRate;
        Staircase = staircase;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps per unit of decay.</summary>
    public double DecaySteps { get; }

    /// <summary>The decay rate.</summary>
    public double DecayRate { get; }

    /// <summary>Whether decay happens in whole periods.</summary>
    public bool Staircase { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        double p = step / DecaySteps;
        return InitialLearningRate / (1 + (DecayRate * (Staircase ? Math.Floor(p) : p)));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
        ["name"] = Name,
    };
}
