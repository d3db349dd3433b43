// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// Polynomial decay from <c>initial_learning_rate</c> to <c>end_learning_rate</c> over <c>decay_steps</c>:
/// <c>(initial - end) * (1 - step / decay_steps) ^ power + end</c>, the step capped at <c>decay_steps</c>; with
/// <c>cycle</c> the horizon grows to the next multiple of <c>decay_steps</c> instead.
/// </summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps to decay over (positive).</param>
    /// <param name="endLearningRate">The rate reached at <paramref name="decaySteps"/>.</param>
    /// <param name="power">The polynomial's power.</param>
    /// <param name="cycle">Restart the decay past <paramref name="decaySteps"/> over a longer horizon.</param>
    /// <param name="name">An optional name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive <paramref name="decaySteps"/>.</exception>
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 0.0001, double power = 1.0, bool cycle = false, string? name = "PolynomialDecay")
    {
        InitialLearningRate = initialLearningRate;
        DecaySteps = Positive(decaySteps, "decay_steps", nameof(decaySteps));
        EndLearningRate = endLearningRate;
        Power = power;
        Cycle = cycle;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps to decay over.</summary>
    public long DecaySteps { get; }

    /// <summary>The final rate.</summary>
    public double EndLearningRate { get; }

    /// <summary>The polynomial's power.</summary>
    public double Power { get; }

    /// <summary>Whether the decay restarts past <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        double horizon = DecaySteps;
        double s = step;
        if (Cycle)
        {
            // Keras: decay_steps * ceil(step / decay_steps), with a multiplier of 1 at step 0.
            horizon *= step == 0 ? 1 : Math.Ceiling(s / DecaySteps);
        }
        else
        {
            s = Math.Min(s, DecaySteps);
        }

        return ((InitialLearningRate - EndLearningRate) * Math.Pow(1 - (s / horizon), Power)) + EndLearningRate;
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["end_learning_rate"] = EndLearningRate,
        ["power"] = Power,
        ["cycle"] = Cycle,
        ["name"] = Name,
    };
}
