// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// RMSprop, as Keras computes it: <c>rms = rho * rms + (1 - rho) g^2</c>; centered:
/// <c>mg = rho * mg + (1 - rho) g</c>, <c>denominator = rms - mg^2 + eps</c>, else <c>rms + eps</c>;
/// <c>increment = lr * g / sqrt(denominator)</c>; with momentum <c>mom = momentum * mom + increment</c>,
/// <c>w -= mom</c>, else <c>w -= increment</c>. Keras defaults: lr 0.001, rho 0.9, epsilon 1e-7.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="rho">Decay of the squared-gradient average.</param>
    /// <param name="momentum">Momentum (0 for none).</param>
    /// <param name="epsilon">Numerical stability constant.</param>
    /// <param name="centered">Normalize by the gradient's estimated variance.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        Rho = rho;
        Momentum = momentum;
        Epsilon = epsilon;
        Centered = centered;
        var slots = new List<SlotDefinition> { new("rms", "velocity") };
        if (momentum > 0)
        {
            slots.Add(new("momentum", "momentum"));
        }

        if (centered)
        {
            slots.Add(new("mg", "average_gradient"));
        }

        SlotDefinitions = slots;
    }

    /// <summary>Decay of the squared-gradient average.</summary>
    public double Rho { get; }

    /// <summary>The momentum.</summary>
    public double Momentum { get; }

    /// <summary>Numerical stability constant.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <inheritdoc />
    private protected override int InterleavedSlotKinds => 0;

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor rms = slots[0].Value;
        Ops.MultiplyInPlace(rms, Rho);
        Ops.AddProductInPlace(rms, gradient, gradient, 1 - Rho);
        Tensor denominator;
        if (Centered)
        {
            Tensor mg = slots[^1].Value;
            Ops.MultiplyInPlace(mg, Rho);
            Ops.AddInPlace(mg, gradient, 1 - Rho);
            denominator = Ops.Add(Ops.Subtract(rms, Ops.Square(mg)), Epsilon);
        }
        else
        {
            denominator = Ops.Add(rms, Epsilon);
        }

        Tensor increment = Ops.Multiply(Ops.Divide(gradient, Ops.Sqrt(denominator)), learningRate);
        if (Momentum > 0)
        {
            Tensor mom = slots[1].Value;
            Ops.MultiplyInPlace(mom, Momentum);
            Ops.AddInPlace(mom, increment);
            Ops.AddInPlace(variable.Value, mom, -1);
        }
        else
        {
            Ops.AddInPlace(variable.Value, increment, -1);
        }
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["rho"] = Rho;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["centered"] = Centered;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static RMSprop FromConfig(JsonObject config) => Bind<RMSprop>(config);
}
