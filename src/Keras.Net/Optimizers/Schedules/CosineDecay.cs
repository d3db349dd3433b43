// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// Cosine decay: <c>initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)</c>.
/// With Keras 3's (and tf.keras 2.13+'s) warmup: for <c>warmup_steps</c> steps the rate rises linearly from
/// <c>initial_learning_rate</c> to <c>warmup_target</c>, then decays from <c>warmup_target</c> as above.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps to decay over (positive).</param>
    /// <param name="alpha">The final rate as a fraction of the initial one.</param>
    /// <param name="name">An optional name.</param>
    /// <param name="warmupTarget">The rate reached at the end of the warmup; null: no warmup.</param>
    /// <param name="warmupSteps">Steps of linear warmup before the decay.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive <paramref name="decaySteps"/> or a negative <paramref name="warmupSteps"/>.</exception>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, string? name = null, double? warmupTarget = null, long warmupSteps = 0)
    {
        Name = name;
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        WarmupTarget = warmupTarget;
        WarmupSteps = warmupSteps;
        InitialLearningRate = initialLearningRate;
        DecaySteps = Positive(decaySteps, "decay_steps", nameof(decaySteps));
        Alpha = alpha;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps to decay over.</summary>
    public long DecaySteps { get; }

    /// <summary>The final fraction.</summary>
    public double Alpha { get; }

    /// <summary>The rate at the end of the warmup, or null.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Steps of linear warmup.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        if (WarmupTarget is not double target)
        {
            return Decayed(Math.Min(step, DecaySteps), InitialLearningRate);
        }

        double s = Math.Min(step, DecaySteps + WarmupSteps);
        return s < WarmupSteps
            ? ((target - InitialLearningRate) * (s / WarmupSteps)) + InitialLearningRate
            : Decayed(s - WarmupSteps, target);
    }

    private double Decayed(double step, double from)
    {
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * step / DecaySteps));
        return from * (((1 - Alpha) * cosine) + Alpha);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["alpha"] = Alpha,
        ["name"] = Name,
        ["warmup_target"] = WarmupTarget,
        ["warmup_steps"] = WarmupSteps,
    };
}
