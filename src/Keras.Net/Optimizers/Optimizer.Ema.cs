// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Optimizers;

/// <summary>
/// Keras's exponential moving average of the model's weights (<c>use_ema</c>): after each step every trained
/// variable's average becomes <c>m * average + (1 - m) * variable</c>, with <c>m = ema_momentum</c> except on the
/// first step (m = 0); every <c>ema_overwrite_frequency</c> steps, and when training ends, the variables take their
/// averages' values.
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<Variable> _averages = [];

    /// <summary>Whether the optimizer keeps a moving average of the weights (Keras's <c>use_ema</c>).</summary>
    public bool UseEma { get; private set; }

    /// <summary>The average's momentum (Keras's <c>ema_momentum</c>, default 0.99).</summary>
    public double EmaMomentum { get; private set; } = 0.99;

    /// <summary>Every how many steps the weights are overwritten with their averages, or null (Keras's <c>ema_overwrite_frequency</c>).</summary>
    public int? EmaOverwriteFrequency { get; private set; }

    /// <summary>
    /// Turns on the moving average of the weights, as Keras's <c>use_ema=True</c> (call before the optimizer is built).
    /// </summary>
    /// <param name="momentum">The average's momentum, in [0, 1].</param>
    /// <param name="overwriteFrequency">Every how many steps the weights take their averages, or null for only when training ends.</param>
    /// <returns>This optimizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The momentum is outside [0, 1] or the frequency is not positive.</exception>
    /// <exception cref="InvalidOperationException">The optimizer is already built.</exception>
    public Optimizer EnableEma(double momentum = 0.99, int? overwriteFrequency = null)
    {
        if (!(momentum is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={momentum}");
        }

        if (overwriteFrequency is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(overwriteFrequency), $"`ema_overwrite_frequency` must be a positive integer or None. Received: ema_overwrite_frequency={overwriteFrequency}");
        }

        if (Built)
        {
            throw new InvalidOperationException($"Optimizer \"{Name}\" is already built; turn EMA on before training.");
        }

        UseEma = true;
        EmaMomentum = momentum;
        EmaOverwriteFrequency = overwriteFrequency;
        return this;
    }

    /// <summary>The moving averages, one per trained variable (empty unless <see cref="UseEma"/>).</summary>
    public IReadOnlyList<Variable> MovingAverages => _averages;

    /// <summary>
    /// Sets the trained variables to their final values: with EMA, their moving averages (Keras's
    /// <c>finalize_variable_values</c>, which <c>Fit</c> calls when training ends).
    /// </summary>
    /// <param name="variables">The trained variables (those the optimizer was not built with are left alone).</param>
    public void FinalizeVariableValues(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (UseEma)
        {
            foreach (Variable v in variables)
            {
                int i = _trainable.IndexOf(v);
                if (i >= 0)
                {
                    Ops.AssignInPlace(v.Value, _averages[i].Value);
                }
            }
        }
    }

    private void AddAverage(Variable v)
    {
        if (UseEma)
        {
            AllocationBudget.Claim(v.Shape.ToArray(), v.DType, $"Optimizer moving average for '{v.Path}'");
            _averages.Add(new Variable("average", $"{Name}/average/{v.Path}", Ops.Zeros(v.Shape.ToArray(), v.DType, v.Device), false, null));
        }
    }

    private void UpdateAverages(IReadOnlyList<Variable> variables, long step)
    {
        if (!UseEma)
        {
            return;
        }

        double momentum = step == 1 ? 0 : EmaMomentum;
        bool overwrite = EmaOverwriteFrequency is int every && step % every == 0;
        foreach (Variable v in variables)
        {
            Tensor average = AverageOf(v).Value;
            Ops.LerpInPlace(average, v.Value, 1 - momentum);
            if (overwrite)
            {
                Ops.AssignInPlace(v.Value, average);
            }
        }
    }

    private Variable AverageOf(Variable v)
    {
        int i = _trainable.IndexOf(v);
        return i >= 0 ? _averages[i] : throw new ArgumentException($"Variable {v.Name} is not tracked by optimizer \"{Name}\".", nameof(v));
    }
}
