// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// Cosine decay: <c>initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)</c>.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps to decay over (positive).</param>
    /// <param name="alpha">The final rate as a fraction of the initial one.</param>
    /// <param name="name">An optional name.</param>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, string? name = null)
    {
        Name = name;
        if (decaySteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(decaySteps), $"Argument `decay_steps` must be > 0. Received: decay_steps={decaySteps}");
        }

        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        Alpha = alpha;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps to decay over.</summary>
    public long DecaySteps { get; }

    /// <summary>The final fraction.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        double s = Math.Min(step, DecaySteps);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * s / DecaySteps));
        return InitialLearningRate * (((1 - Alpha) * cosine) + Alpha);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["alpha"] = Alpha, ["name"] = Name };
}
