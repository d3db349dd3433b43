// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Adam, as Keras computes it: <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>,
/// <c>alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)</c>, <c>w -= alpha * m / (sqrt(v) + eps)</c> (with
/// <c>v = max(v_hat, v)</c> under AMSGrad). Keras defaults: lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="amsgrad">Use AMSGrad.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Amsgrad = amsgrad;
        SlotDefinitions = amsgrad
            ? [new("m", "momentum"), new("v", "velocity"), new("vhat", "velocity_hat")]
            : [new("m", "momentum"), new("v", "velocity")];
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Numerical stability constant.</summary>
    public double Epsilon { get; }

    /// <summary>Whether AMSGrad is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <summary>Keras (tf.keras 2.11+ and 3) builds m and v per variable, then the AMSGrad v-hats for every variable.</summary>
    private protected override int InterleavedSlotKinds => 2;

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        Tensor m = slots[0].Value, v = slots[1].Value;
        double alpha = learningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step));
        Ops.LerpInPlace(m, gradient, 1 - Beta1);
        Ops.MultiplyInPlace(v, Beta2);
        Ops.AddProductInPlace(v, gradient, gradient, 1 - Beta2);
        Tensor second = v;
        if (Amsgrad)
        {
            Ops.MaximumInPlace(slots[2].Value, v);
            second = slots[2].Value;
        }

        using Tensor denominator = Ops.Sqrt(second);
        Ops.AddInPlace(denominator, Epsilon);
        Ops.AddQuotientInPlace(variable.Value, m, denominator, -alpha);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["beta_1"] = Beta1;
        config["beta_2"] = Beta2;
        config["epsilon"] = Epsilon;
        config["amsgrad"] = Amsgrad;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static Adam FromConfig(JsonObject config) => Bind<Adam>(config);
}
