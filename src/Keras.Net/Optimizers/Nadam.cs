// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Nadam (Adam with Nesterov momentum), as Keras computes it with the momentum schedule
/// <c>u_t = b1 (1 - 0.5 * 0.96^t)</c> and the running product of the <c>u_t</c>. Keras defaults:
/// lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
/// </summary>
public sealed class Nadam : Optimizer
{
    private long _productStep;
    private double _uProduct = 1.0;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        SlotDefinitions = [new("m", "momentum"), new("v", "velocity")];
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Numerical stability constant.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <summary>The momentum-schedule value <c>u_t</c> at a 1-based step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>u_t.</returns>
    public double MomentumAt(long step) => Beta1 * (1.0 - (0.5 * Math.Pow(0.96, step)));

    /// <summary>The product of <c>u_1 ... u_step</c> (recomputed from the step count, so it survives a reload).</summary>
    /// <param name="step">The step.</param>
    /// <returns>The product.</returns>
    public double MomentumProduct(long step)
    {
        if (step < _productStep)
        {
            _productStep = 0;
            _uProduct = 1.0;
        }

        for (; _productStep < step; _productStep++)
        {
            _uProduct *= MomentumAt(_productStep + 1);
        }

        return _uProduct;
    }

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor m = slots[0].Value, v = slots[1].Value;
        double uT = MomentumAt(step), uT1 = MomentumAt(step + 1);
        double uProductT = MomentumProduct(step);
        double uProductT1 = uProductT * uT1;
        double beta2Power = Math.Pow(Beta2, step);
        Ops.LerpInPlace(m, gradient, 1 - Beta1);
        Ops.MultiplyInPlace(v, Beta2);
        Ops.AddProductInPlace(v, gradient, gradient, 1 - Beta2);
        Tensor mHat = Ops.Add(Ops.Multiply(m, uT1 / (1 - uProductT1)), Ops.Multiply(gradient, (1 - uT) / (1 - uProductT)));
        Tensor denominator = Ops.Add(Ops.Sqrt(Ops.Multiply(v, 1 / (1 - beta2Power))), Epsilon);
        Ops.AddQuotientInPlace(variable.Value, mHat, denominator, -learningRate);
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
    public static Nadam FromConfig(JsonObject config) => Bind<Nadam>(config);
}
