// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// The shared machinery of Keras's recurrent layers: the time loop (forwards or backwards), masks (a masked
/// step keeps the previous state), input and recurrent dropout (one mask per sequence, as Keras),
/// <c>return_sequences</c> and <c>return_state</c>. Weights live in a scope named after the cell
/// (<c>lstm/lstm_cell/kernel:0</c>), as tf.keras names them.
/// </summary>
public abstract class RecurrentLayer : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="units">The state size.</param>
    /// <param name="activation">The activation (default tanh).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Input kernel initializer (default glorot_uniform).</param>
    /// <param name="recurrentInitializer">Recurrent kernel initializer (default orthogonal).</param>
    /// <param name="biasInitializer">Bias initializer (default zeros).</param>
    /// <param name="kernelRegularizer">Input kernel regularizer.</param>
    /// <param name="recurrentRegularizer">Recurrent kernel regularizer.</param>
    /// <param name="biasRegularizer">Bias regularizer.</param>
    /// <param name="activityRegularizer">Output regularizer.</param>
    /// <param name="kernelConstraint">Input kernel constraint.</param>
    /// <param name="recurrentConstraint">Recurrent kernel constraint.</param>
    /// <param name="biasConstraint">Bias constraint.</param>
    /// <param name="dropout">Input dropout rate.</param>
    /// <param name="recurrentDropout">Recurrent-state dropout rate.</param>
    /// <param name="returnSequences">Return every step's output, not just the last.</param>
    /// <param name="returnState">Also return the final states.</param>
    /// <param name="goBackwards">Process the sequence backwards (and return it reversed).</param>
    /// <param name="stateful">Not supported (must be false).</param>
    /// <param name="unroll">Accepted for Keras configs; has no effect.</param>
    /// <param name="timeMajor">Not supported (must be false).</param>
    /// <param name="zeroOutputForMask">Whether masked steps output zeros (else the previous output) with return_sequences.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected RecurrentLayer(int units, string? activation, bool useBias, object? kernelInitializer, object? recurrentInitializer, object? biasInitializer, object? kernelRegularizer, object? recurrentRegularizer, object? biasRegularizer, object? activityRegularizer, object? kernelConstraint, object? recurrentConstraint, object? biasConstraint, double dropout, double recurrentDropout, bool returnSequences, bool returnState, bool goBackwards, bool stateful, bool unroll, bool timeMajor, bool zeroOutputForMask, string? name, bool trainable, string? dtype)
        : base(name, trainable, dtype)
    {
        if (units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"Received an invalid value for argument `units`, expected a positive integer, got {units}.");
        }

        if (stateful || timeMajor)
        {
            throw new NotSupportedException($"Recurrent layer \"{Name}\": stateful and time_major recurrent layers are not supported.");
        }

        _ = unroll;
        Units = units;
        ActivationName = activation ?? "tanh";
        Activation = Activations.Get(ActivationName);
        UseBias = useBias;
        KernelInitializer = ArgumentResolver.Initializer(kernelInitializer) ?? new GlorotUniform();
        RecurrentInitializer = ArgumentResolver.Initializer(recurrentInitializer) ?? new Orthogonal();
        BiasInitializer = ArgumentResolver.Initializer(biasInitializer) ?? new Zeros();
        KernelRegularizer = ArgumentResolver.Regularizer(kernelRegularizer);
        RecurrentRegularizer = ArgumentResolver.Regularizer(recurrentRegularizer);
        BiasRegularizer = ArgumentResolver.Regularizer(biasRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        KernelConstraint = ArgumentResolver.Constraint(kernelConstraint);
        RecurrentConstraint = ArgumentResolver.Constraint(recurrentConstraint);
        BiasConstraint = ArgumentResolver.Constraint(biasConstraint);
        Dropout = Math.Clamp(dropout, 0, 1);
        RecurrentDropout = Math.Clamp(recurrentDropout, 0, 1);
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        GoBackwards = goBackwards;
        ZeroOutputForMask = zeroOutputForMask;
        SupportsMasking = true;
    }

    /// <summary>Whether masked steps output zeros rather than the previous output (with return_sequences).</summary>
    public bool ZeroOutputForMask { get; }

    /// <summary>The state size.</summary>
    public int Units { get; }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <summary>The activation.</summary>
    public Func<Tensor, Tensor> Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Input kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Recurrent kernel initializer.</summary>
    public Initializer RecurrentInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Input kernel regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Recurrent kernel regularizer.</summary>
    public Regularizer? RecurrentRegularizer { get; }

    /// <summary>Bias regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Output regularizer.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>Input kernel constraint.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Recurrent kernel constraint.</summary>
    public Constraint? RecurrentConstraint { get; }

    /// <summary>Bias constraint.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>Input dropout rate.</summary>
    public double Dropout { get; }

    /// <summary>Recurrent dropout rate.</summary>
    public double RecurrentDropout { get; }

    /// <summary>Whether every step's output is returned.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the final states are returned too.</summary>
    public bool ReturnState { get; }

    /// <summary>Whether the sequence is processed backwards.</summary>
    public bool GoBackwards { get; }

    /// <summary>The input kernel.</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>The recurrent kernel.</summary>
    public Variable? RecurrentKernel { get; private set; }

    /// <summary>The bias.</summary>
    public Variable? Bias { get; private set; }

    /// <summary>The cell's name, the scope of the weights (<c>lstm_cell</c>).</summary>
    protected abstract string CellName { get; }

    /// <inheritdoc />
    private protected override string CheckpointScopeEdge(string scope) => scope == CellName ? "cell" : scope;

    /// <summary>How many blocks of <see cref="Units"/> the kernels hold (LSTM: 4 gates).</summary>
    protected abstract int Gates { get; }

    /// <summary>How many states the cell carries (LSTM: h and c).</summary>
    protected abstract int StateCount { get; }

    /// <summary>The state count, for wrappers in this assembly.</summary>
    internal int StateCountInternal => StateCount;

    /// <summary>The bias's shape (GRU with reset_after keeps an input and a recurrent row).</summary>
    protected virtual Shape BiasShape => Shape.Of(Gates * Units);

    /// <summary>The part of the bias added to the input projection.</summary>
    /// <returns>The bias tensor, or null.</returns>
    protected virtual Tensor? InputBias() => Bias?.Value;

    /// <summary>The bias's initial value (LSTM's unit_forget_bias overrides).</summary>
    /// <returns>The initializer.</returns>
    protected virtual Initializer BiasInitial() => BiasInitializer;

    /// <summary>One step: new states from the input projection <c>x W + b</c> and the previous states.</summary>
    /// <param name="projected">x_t W + b, shape (batch, gates * units).</param>
    /// <param name="states">Previous states (states[0] is h, after recurrent dropout).</param>
    /// <returns>New states; element 0 is the step's output.</returns>
    protected abstract Tensor[] Step(Tensor projected, Tensor[] states);

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank != 3 || inputShape[2] is not long features)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim=3 with known features, found shape={inputShape}");
        }

        using (NameScope.Push(CellName))
        {
            Kernel = AddWeight("kernel", Shape.Of(features, Gates * Units), KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
            RecurrentKernel = AddWeight("recurrent_kernel", Shape.Of(Units, Gates * Units), RecurrentInitializer, regularizer: RecurrentRegularizer, constraint: RecurrentConstraint);
            if (UseBias)
            {
                Bias = AddWeight("bias", BiasShape, BiasInitial(), regularizer: BiasRegularizer, constraint: BiasConstraint);
            }
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using TensorScope scope = Ops.NewScope();
        Tensor x = inputs[0];
        Tensor? mask = masks.Count > 0 ? masks[0] : null;
        Shape shape = Ops.ShapeOf(x);
        long batch = shape[0]!.Value;
        Tensor[] initial = Enumerable.Range(0, StateCount).Select(_ => Ops.ZerosForBatch(x, [Units], DType)).ToArray();
        Tensor? inputMask = training && Dropout > 0 ? Ops.Dropout(Ops.Ones([batch, Ops.ShapeOf(x)[2]!.Value], DType, Ops.DeviceOf(x)), Dropout) : null;
        Tensor? stateMask = training && RecurrentDropout > 0 ? Ops.Dropout(Ops.Ones([batch, Units], DType, Ops.DeviceOf(x)), RecurrentDropout) : null;

        bool keepOutputs = ReturnSequences || Backend.OpRecording.IsActive;

        // One step per time slice (Ops.Scan: a saved model records it as a While loop over TensorLists, as tf.keras does).
        (IReadOnlyList<Tensor>, IReadOnlyList<Tensor>) OneStep(IReadOnlyList<Tensor> prev, IReadOnlyList<Tensor> slices)
        {
            Tensor xt = inputMask is null ? slices[0] : Ops.Multiply(slices[0], inputMask);
            Tensor projected = Ops.Affine(xt, Kernel!.Value, InputBias());
            Tensor[] recurrentInput = stateMask is null ? prev.ToArray() : [Ops.Multiply(prev[0], stateMask), .. prev.Skip(1)];
            Tensor[] next = Step(projected, recurrentInput);
            Tensor output = next[0];
            if (slices.Count > 1)
            {
                // A masked step keeps the previous states (and outputs them, or zeros with zero_output_for_mask).
                Tensor keep = Ops.ExpandDims(slices[1], -1);
                next = next.Select((st, k) => Ops.Where(keep, st, prev[k])).ToArray();
                output = ZeroOutputForMask ? Ops.Multiply(next[0], Ops.Cast(keep, DType)) : next[0];
            }

            // A saved loop keeps every step's output even without return_sequences, as tf.keras's does (its output
            // TensorList); an eager call keeps them only when it returns them.
            return (next, keepOutputs ? [output] : []);
        }

        Tensor[] sequences = mask is null ? [x] : [x, Ops.Cast(mask, Backend.DType.Bool)];
        var (final, stacked) = Ops.Scan(OneStep, initial, sequences, axis: 1, reverse: GoBackwards);
        Tensor[] states = final.ToArray();
        Tensor output = ReturnSequences ? stacked[0] : states[0];
        if (ActivityRegularizer is not null)
        {
            AddLoss(scope.Keep(Ops.Divide(ActivityRegularizer.Call(output), Ops.Scalar(batch, DType, Ops.DeviceOf(output)))));
        }

        Tensor[] result = ReturnState ? [output, .. states] : [output];
        return result.Select(r => scope.Keep(Ops.Alias(r))).ToArray();
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Call([inputs], [null], training)[0];

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Tensor? outMask = ReturnSequences && masks.Count > 0 && masks[0] is Tensor m ? Ops.Alias(m) : null;
        return ReturnState ? [outMask, .. Enumerable.Repeat<Tensor?>(null, StateCount)] : [outMask];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        Shape s = inputShapes[0];
        Shape output = ReturnSequences ? new Shape([s[0], s[1], Units]) : new Shape([s[0], Units]);
        return ReturnState ? [output, .. Enumerable.Repeat(new Shape([s[0], Units]), StateCount)] : [output];
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => ComputeOutputShape([inputShape])[0];

    /// <summary>The recurrent layers' shared config keys, in tf.keras's order (before and after the cell-specific ones).</summary>
    /// <param name="cellSpecific">Adds the keys that sit between <c>use_bias</c> and the initializers.</param>
    /// <returns>The config.</returns>
    protected JsonObject RecurrentConfig(Action<JsonObject> cellSpecific)
    {
        ArgumentNullException.ThrowIfNull(cellSpecific);
        JsonObject config = base.GetConfig();
        config["return_sequences"] = ReturnSequences;
        config["return_state"] = ReturnState;
        config["go_backwards"] = GoBackwards;
        config["stateful"] = false;
        config["unroll"] = false;
        config["time_major"] = false;
        if (ZeroOutputForMask)
        {
            config["zero_output_for_mask"] = true;
        }

        config["units"] = Units;
        config["activation"] = ActivationName;
        cellSpecific(config);
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KerasSerializer.Serialize(KernelInitializer);
        config["recurrent_initializer"] = KerasSerializer.Serialize(RecurrentInitializer);
        config["bias_initializer"] = KerasSerializer.Serialize(BiasInitializer);
        config["kernel_regularizer"] = KerasSerializer.SerializeOptional(KernelRegularizer);
        config["recurrent_regularizer"] = KerasSerializer.SerializeOptional(RecurrentRegularizer);
        config["bias_regularizer"] = KerasSerializer.SerializeOptional(BiasRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["kernel_constraint"] = KerasSerializer.SerializeOptional(KernelConstraint);
        config["recurrent_constraint"] = KerasSerializer.SerializeOptional(RecurrentConstraint);
        config["bias_constraint"] = KerasSerializer.SerializeOptional(BiasConstraint);
        config["dropout"] = Dropout;
        config["recurrent_dropout"] = RecurrentDropout;
        return config;
    }

    /// <inheritdoc />
    internal override Shape? InputShapeFromWeight(long[] firstWeight) => firstWeight.Length == 2 ? new Shape([null, null, firstWeight[0]]) : null;
}
