// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Adam with decoupled weight decay: before the Adam step, <c>w -= w * weight_decay * lr</c> (Keras's
/// default weight_decay 0.004).
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="weightDecay">The decoupled weight decay.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="amsgrad">Use AMSGrad.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        WeightDecay = weightDecay;
    }

    /// <summary>The decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        if (WeightDecay != 0)
        {
            Ops.MultiplyInPlace(variable.Value, 1 - (WeightDecay * learningRate));
        }

        base.UpdateStep(gradient, variable, slots, learningRate, step);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["weight_decay"] = WeightDecay;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static new AdamW FromConfig(JsonObject config) => Bind<AdamW>(config);
}
