// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Optimizers;

/// <summary>
/// The base of Keras's optimizers (the TF 2.11+ / Keras 3 generation). Its state is Keras variables: the
/// iteration counter (int64), the learning rate (unless a schedule drives it) and, per trainable variable,
/// the slots of <see cref="SlotDefinitions"/>, interleaved per variable as Keras orders them. Saving
/// formats write <see cref="Variables"/> and read them back, so training resumes exactly.
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<Variable> _trainable = [];
    private readonly List<Variable[]> _slots = [];
    private long _iterations;
    private double _learningRate;

    /// <summary>Initializes the optimizer.</summary>
    /// <param name="learningRate">A constant rate.</param>
    /// <param name="schedule">Or a schedule evaluated at the iteration count.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm.</param>
    /// <param name="name">The name (default the class name, as tf.keras).</param>
    protected Optimizer(double learningRate, LearningRateSchedule? schedule, double? clipnorm, double? clipvalue, double? globalClipnorm, string? name)
    {
        if (new[] { clipnorm, clipvalue, globalClipnorm }.Count(v => v is not null) > 1)
        {
            throw new ArgumentException(
                $"Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={globalClipnorm}");
        }

        if (schedule is null && (learningRate < 0 || double.IsNaN(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), $"Argument `learning_rate` should be a non-negative float. Received: learning_rate={learningRate}");
        }

        Name = name ?? GetType().Name;
        Schedule = schedule;
        Clipnorm = clipnorm;
        Clipvalue = clipvalue;
        GlobalClipnorm = globalClipnorm;
        _learningRate = learningRate;
        IterationsVariable = new Variable("iteration", "iteration", Ops.Zeros([], DType.Int64), false, null);
        if (schedule is null)
        {
            LearningRateVariable = new Variable("learning_rate", "learning_rate", Ops.Scalar(learningRate, DType.Float32), false, null);
        }
    }

    /// <summary>The optimizer's name (<c>Adam</c>).</summary>
    public string Name { get; }

    /// <summary>The learning-rate schedule, if any.</summary>
    public LearningRateSchedule? Schedule { get; }

    /// <summary>Per-gradient norm clipping.</summary>
    public double? Clipnorm { get; }

    /// <summary>Per-element value clipping.</summary>
    public double? Clipvalue { get; }

    /// <summary>Global norm clipping.</summary>
    public double? GlobalClipnorm { get; }

    /// <summary>The iteration counter variable (int64 scalar).</summary>
    public Variable IterationsVariable { get; }

    /// <summary>The learning-rate variable (float32 scalar); null when a schedule drives the rate.</summary>
    public Variable? LearningRateVariable { get; }

    /// <summary>The number of updates applied so far.</summary>
    public long Iterations
    {
        get => _iterations;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _iterations = value;
            IterationsVariable.Assign(value);
        }
    }

    /// <summary>The current learning rate: the constant (settable, e.g. by ReduceLROnPlateau) or the schedule's value now.</summary>
    /// <exception cref="InvalidOperationException">Setting it while a schedule drives the rate.</exception>
    public double LearningRate
    {
        get => Schedule?.Call(_iterations) ?? _learningRate;
        set
        {
            if (Schedule is not null)
            {
                throw new InvalidOperationException($"Optimizer \"{Name}\" uses a learning-rate schedule; its learning rate cannot be set.");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _learningRate = value;
            LearningRateVariable!.Assign(value);
        }
    }

    /// <summary>The per-variable slots this optimizer keeps, in Keras's order.</summary>
    public abstract IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <summary>
    /// How many leading slot kinds <see cref="Variables"/> lists together per variable, as Keras builds them: all
    /// of them by default (Adamax: m, u, m, u, ...); Adam 2 (m, v per variable, then every AMSGrad v-hat); RMSprop 0
    /// (every rms, then every momentum). The remaining kinds follow, each for every variable in turn.
    /// </summary>
    private protected virtual int InterleavedSlotKinds => SlotDefinitions.Count;

    /// <summary>Whether <see cref="Build"/> has created the slots.</summary>
    public bool Built { get; private set; }

    /// <summary>The variables the optimizer updates (after <see cref="Build"/>).</summary>
    public IReadOnlyList<Variable> TrainableVariables => _trainable;

    /// <summary>
    /// Every state variable, in Keras 3's order: iteration, learning rate (when constant), the EMA averages, then the slots
    /// (per variable, then per slot kind; see <see cref="InterleavedSlotKinds"/>).
    /// </summary>
    public IReadOnlyList<Variable> Variables
    {
        get
        {
            var all = new List<Variable> { IterationsVariable };
            if (LearningRateVariable is not null)
            {
                all.Add(LearningRateVariable);
            }

            // Keras's base build creates the moving averages before the optimizer's own slots.
            all.AddRange(_averages);
            int together = InterleavedSlotKinds;
            all.AddRange(_slots.SelectMany(s => s.Take(together)));
            for (int k = together; k < SlotDefinitions.Count; k++)
            {
                all.AddRange(_slots.Select(s => s[k]));
            }

            return all;
        }
    }

    /// <summary>The slots of one trainable variable.</summary>
    /// <param name="variable">A variable passed to <see cref="Build"/>.</param>
    /// <returns>Its slots in <see cref="SlotDefinitions"/> order.</returns>
    public IReadOnlyList<Variable> SlotsFor(Variable variable)
    {
        int i = _trainable.IndexOf(variable);
        return i >= 0 ? _slots[i] : throw new ArgumentException($"Variable {variable.Name} is not tracked by optimizer \"{Name}\".", nameof(variable));
    }

    /// <summary>Creates the slots for <paramref name="variables"/> (once; later calls add slots for new variables only).</summary>
    /// <param name="variables">The trainable variables.</param>
    public void Build(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (Variable v in variables)
        {
            if (_trainable.Contains(v))
            {
                continue;
            }

            _trainable.Add(v);
            AddAverage(v);
            var slots = new Variable[SlotDefinitions.Count];
            for (int s = 0; s < slots.Length; s++)
            {
                SlotDefinition def = SlotDefinitions[s];
                AllocationBudget.Claim(v.Shape.ToArray(), v.DType, $"Optimizer slot '{def.TfKerasName}' for '{v.Path}'");
                Tensor init = Ops.Full(v.Shape.ToArray(), def.InitialValue, v.DType, v.Device);
                slots[s] = new Variable(def.TfKerasName, $"{Name}/{def.TfKerasName}/{v.Path}", init, false, null);
            }

            _slots.Add(slots);
        }

        Built = true;
    }

    /// <summary>
    /// Applies one update: clips the gradients, evaluates the learning rate at the current iteration, updates
    /// each variable with Keras's rule, then increments the iteration counter.
    /// </summary>
    /// <param name="gradients">One gradient per variable (not retained).</param>
    /// <param name="variables">The variables.</param>
    public void ApplyGradients(IReadOnlyList<Tensor> gradients, IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(variables);
        if (gradients.Count != variables.Count)
        {
            throw new ArgumentException($"Got {gradients.Count} gradients for {variables.Count} variables.");
        }

        Build(variables);
        using TensorScope scope = Ops.NewScope();
        IReadOnlyList<Tensor> grads = ClipGradients(gradients);
        double lr = LearningRate;
        long step = _iterations + 1;
        for (int i = 0; i < variables.Count; i++)
        {
            UpdateStep(grads[i], variables[i], SlotsFor(variables[i]), lr, step);
            if (variables[i].Constraint is { } constraint)
            {
                using Tensor projected = constraint.Call(variables[i].Value);
                Ops.AssignInPlace(variables[i].Value, projected);
            }
        }

        UpdateAverages(variables, step);
        _iterations = step;
        Ops.AddInPlace(IterationsVariable.Value, 1.0);
    }

    /// <summary>Re-reads <see cref="Iterations"/> and the learning rate from their variables (after a load).</summary>
    public void SyncFromVariables()
    {
        _iterations = (long)Ops.ToScalar(IterationsVariable.Value);
        if (LearningRateVariable is not null)
        {
            _learningRate = Ops.ToScalar(LearningRateVariable.Value);
        }
    }

    /// <summary>Updates one variable with this optimizer's rule.</summary>
    /// <param name="gradient">The (clipped) gradient.</param>
    /// <param name="variable">The variable.</param>
    /// <param name="slots">Its slots, in <see cref="SlotDefinitions"/> order.</param>
    /// <param name="learningRate">The learning rate for this step.</param>
    /// <param name="step">The 1-based step number (Keras's <c>iterations + 1</c>).</param>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, IReadOnlyList<Variable> slots, double learningRate, long step);

    private IReadOnlyList<Tensor> ClipGradients(IReadOnlyList<Tensor> gradients)
    {
        if (Clipnorm is double c && c > 0)
        {
            return gradients.Select(g => ClipByNorm(g, c)).ToArray();
        }

        if (GlobalClipnorm is double gc && gc > 0)
        {
            double total = Math.Sqrt(gradients.Sum(g => Math.Pow(Ops.ToScalar(Ops.Norm(g)), 2)));
            double factor = gc / Math.Max(total, gc);
            return gradients.Select(g => Ops.Multiply(g, factor)).ToArray();
        }

        if (Clipvalue is double v)
        {
            return gradients.Select(g => Ops.Clip(g, -v, v)).ToArray();
        }

        return gradients;
    }

    private static Tensor ClipByNorm(Tensor g, double clipNorm)
    {
        double norm = Ops.ToScalar(Ops.Norm(g));
        return norm > clipNorm ? Ops.Multiply(g, clipNorm / norm) : g;
    }
}
