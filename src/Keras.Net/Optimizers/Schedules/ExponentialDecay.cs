// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// <c>initial_learning_rate * decay_rate ^ (step / decay_steps)</c>; with <c>staircase</c> the exponent is
/// floored.
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps per decay period (positive).</param>
    /// <param name="decayRate">The factor per period.</param>
    /// <param name="staircase">Decay in whole periods.</param>
    /// <param name="name">An optional name.</param>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false, string? name = null)
    {
        Name = name;
        InitialLearningRate = initialLearningRate;
        DecaySteps = Positive(decaySteps, "decay_steps", nameof(decaySteps));
        DecayRate = decayRate;
        Staircase = staircase;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps per decay period.</summary>
    public long DecaySteps { get; }

    /// <summary>The factor per period.</summary>
    public double DecayRate { get; }

    /// <summary>Whether decay happens in whole periods.</summary>
    public bool Staircase { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        double p = (double)step / DecaySteps;
        return InitialLearningRate * Math.Pow(DecayRate, Staircase ? Math.Floor(p) : p);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["decay_rate"] = DecayRate, ["staircase"] = Staircase, ["name"] = Name };
}
