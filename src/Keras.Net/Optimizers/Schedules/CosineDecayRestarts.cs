// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// Cosine decay with warm restarts (SGDR, Loshchilov and Hutter 2016): the multiplier decays from 1 to <c>alpha</c>
/// over <c>first_decay_steps</c>; each restart lasts <c>t_mul</c> times longer than the previous period and starts
/// from <c>m_mul</c> times its initial rate.
/// </summary>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="firstDecaySteps">Length of the first period (positive).</param>
    /// <param name="tMul">Period length factor per restart.</param>
    /// <param name="mMul">Initial rate factor per restart.</param>
    /// <param name="alpha">The minimum rate as a fraction of the period's initial one.</param>
    /// <param name="name">An optional name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive <paramref name="firstDecaySteps"/> or <paramref name="tMul"/>.</exception>
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0, string? name = "SGDRDecay")
    {
        InitialLearningRate = initialLearningRate;
        FirstDecaySteps = Positive(firstDecaySteps, "first_decay_steps", nameof(firstDecaySteps));
        TMul = Positive(tMul, "t_mul", nameof(tMul));
        MMul = mMul;
        Alpha = alpha;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Length of the first period.</summary>
    public long FirstDecaySteps { get; }

    /// <summary>Period length factor per restart.</summary>
    public double TMul { get; }

    /// <summary>Initial rate factor per restart.</summary>
    public double MMul { get; }

    /// <summary>The minimum fraction.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        double fraction = (double)step / FirstDecaySteps;
        double restart;
        if (TMul == 1.0)
        {
            restart = Math.Floor(fraction);
            fraction -= restart;
        }
        else
        {
            // Periods 1, t, t^2, ...: restart i begins at (1 - t^i) / (1 - t) first-periods.
            restart = Math.Floor(Math.Log(1 - (fraction * (1 - TMul))) / Math.Log(TMul));
            double begun = (1 - Math.Pow(TMul, restart)) / (1 - TMul);
            fraction = (fraction - begun) / Math.Pow(TMul, restart);
        }

        double cosine = 0.5 * Math.Pow(MMul, restart) * (1 + Math.Cos(Math.PI * fraction));
        return InitialLearningRate * (((1 - Alpha) * cosine) + Alpha);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["first_decay_steps"] = FirstDecaySteps,
        ["t_mul"] = TMul,
        ["m_mul"] = MMul,
        ["alpha"] = Alpha,
        ["name"] = Name,
    };
}
