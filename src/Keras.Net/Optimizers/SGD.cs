// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// Gradient descent with optional momentum and Nesterov momentum, as Keras computes it:
/// <c>m = momentum * m - lr * g</c>; <c>w += m</c> (or <c>w += momentum * m - lr * g</c> with Nesterov);
/// without momentum <c>w -= lr * g</c>.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer (Keras defaults: learning rate 0.01, no momentum).</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="momentum">The momentum in [0, 1].</param>
    /// <param name="nesterov">Use Nesterov momentum.</param>
    /// <param name="schedule">A learning-rate schedule instead of a constant.</param>
    /// <param name="clipnorm">Per-gradient norm clipping.</param>
    /// <param name="clipvalue">Per-element clipping.</param>
    /// <param name="globalClipnorm">Global norm clipping.</param>
    /// <param name="name">The name.</param>
    public SGD(double learningRate = 0.01, double momentum = 0.0, bool nesterov = false, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string? name = null)
        : base(learningRate, schedule, clipnorm, clipvalue, globalClipnorm, name)
    {
        if (momentum is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"`momentum` must be a float between [0, 1]. Received: momentum={momentum}");
        }

        Momentum = momentum;
        Nesterov = nesterov;
        SlotDefinitions = momentum != 0 ? [new SlotDefinition("m", "momentum")] : [];
    }

    /// <summary>The momentum.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <inheritdoc />
    protected override void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step)
    {
        if (Momentum == 0)
        {
            Ops.AddInPlace(variable.Value, gradient, -learningRate);
            return;
        }

        Tensor m = slots[0].Value;
        Ops.MultiplyInPlace(m, Momentum);
        Ops.AddInPlace(m, gradient, -learningRate);
        if (Nesterov)
        {
            Ops.AddInPlace(variable.Value, m, Momentum);
            Ops.AddInPlace(variable.Value, gradient, -learningRate);
        }
        else
        {
            Ops.AddInPlace(variable.Value, m);
        }
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["momentum"] = Momentum;
        config["nesterov"] = Nesterov;
        return config;
    }

    /// <summary>Creates the optimizer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    public static SGD FromConfig(JsonObject config) => Bind<SGD>(config);
}
