// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Layers;

/// <summary>Calling a layer: eagerly on tensors, or symbolically on <see cref="KerasTensor"/>s.</summary>
public abstract partial class Layer
{
    /// <summary>Whether calls run inside the layer's name scope (functional models do not add one, as in tf.keras).</summary>
    private protected virtual bool OpensNameScope => true;


    /// <summary>Computes the layer's output for one input. Override this (or a richer overload).</summary>
    /// <param name="inputs">The input tensor.</param>
    /// <param name="training">Whether the call is part of training (dropout and similar behave differently).</param>
    /// <returns>The output tensor; must be a new tensor, never <paramref name="inputs"/> itself.</returns>
    protected virtual Tensor Call(Tensor inputs, bool training) =>
        throw new NotSupportedException($"Layer \"{Name}\" ({GetType().Name}) does not override Call.");

    /// <summary>Computes the output for one input with its mask. The default ignores the mask.</summary>
    /// <param name="inputs">The input tensor.</param>
    /// <param name="mask">The input's mask, if any.</param>
    /// <param name="training">Whether the call is part of training.</param>
    /// <returns>The output tensor.</returns>
    protected virtual Tensor Call(Tensor inputs, Tensor? mask, bool training) => Call(inputs, training);

    /// <summary>Computes the outputs for several inputs (merging layers, models). The default expects one input.</summary>
    /// <param name="inputs">The input tensors.</param>
    /// <param name="masks">One mask (or null) per input.</param>
    /// <param name="training">Whether the call is part of training.</param>
    /// <returns>The output tensors.</returns>
    protected virtual IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        if (inputs.Count != 1)
        {
            throw new ArgumentException($"Layer \"{Name}\" expects 1 input(s), but it received {inputs.Count} input tensors.", nameof(inputs));
        }

        return [Call(inputs[0], masks[0], training)];
    }

    /// <summary>The output mask for one input (Keras's <c>compute_mask</c>). Default: the input mask when
    /// <see cref="SupportsMasking"/>, else none.</summary>
    /// <param name="inputs">The input.</param>
    /// <param name="mask">The input mask.</param>
    /// <returns>The output mask.</returns>
    public virtual Tensor? ComputeMask(Tensor inputs, Tensor? mask) => SupportsMasking ? mask : null;

    /// <summary>The output masks for several inputs. The default handles one input.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="masks">Their masks.</param>
    /// <returns>One mask (or null) per output.</returns>
    public virtual IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        return inputs.Count == 1 ? [ComputeMask(inputs[0], masks[0])] : [];
    }

    /// <summary>
    /// The output shape for an input shape, without computing. The default runs the layer once on small
    /// zero tensors; built-in layers compute it directly.
    /// </summary>
    /// <param name="inputShape">The input shape.</param>
    /// <returns>The output shape.</returns>
    public virtual Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return ProbeOutputShapes([inputShape], [DType])[0];
    }

    /// <summary>The output shapes for several input shapes.</summary>
    /// <param name="inputShapes">The input shapes.</param>
    /// <returns>One shape per output.</returns>
    public virtual IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        return inputShapes.Count == 1
            ? [ComputeOutputShape(inputShapes[0])]
            : ProbeOutputShapes(inputShapes, inputShapes.Select(_ => DType).ToArray());
    }

    /// <summary>Checks input shapes before a call (Keras's <c>InputSpec</c>). Throw <see cref="ArgumentException"/> to refuse.</summary>
    /// <param name="inputShapes">The input shapes.</param>
    protected virtual void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
    }

    /// <summary>Runs the layer on a tensor (Keras's <c>layer(x)</c>), building it first if needed.</summary>
    /// <param name="inputs">The input.</param>
    /// <param name="training">Whether in training mode.</param>
    /// <returns>The output; the caller owns it.</returns>
    public Tensor Apply(Tensor inputs, bool training = false) => Single(ApplyMulti([inputs], training));

    /// <summary>Runs the layer on several tensors and returns its single output.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="training">Whether in training mode.</param>
    /// <returns>The output; the caller owns it.</returns>
    public Tensor Apply(IReadOnlyList<Tensor> inputs, bool training = false) => Single(ApplyMulti(inputs, training));

    /// <summary>Runs the layer on several tensors and returns all its outputs.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="training">Whether in training mode.</param>
    /// <returns>The outputs; the caller owns them.</returns>
    public IReadOnlyList<Tensor> ApplyMulti(IReadOnlyList<Tensor> inputs, bool training = false) => ApplyMulti(inputs, training, null);

    /// <summary>Runs the layer with keyword arguments (<see cref="CallArguments"/>; tensors allowed, e.g. an attention mask).</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="training">Whether in training mode.</param>
    /// <param name="arguments">The call's keyword arguments by Keras name, or null.</param>
    /// <returns>The outputs; the caller owns them.</returns>
    public IReadOnlyList<Tensor> ApplyMulti(IReadOnlyList<Tensor> inputs, bool training, IReadOnlyDictionary<string, object>? arguments)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using TensorScope scope = Ops.NewScope();
        using CallContext? context = CallContext.Current is null ? CallContext.Begin() : null;
        IReadOnlyList<Tensor> outputs = Invoke(inputs, null, training, out _, arguments);
        outputs = FreshOutputs(inputs, outputs);
        if (context is not null)
        {
            RememberCallLosses(context.Losses);
        }

        scope.Keep(outputs);
        return outputs;
    }

    /// <summary>Adds a call of this layer to a functional graph (Keras's <c>layer(keras_tensor)</c>).</summary>
    /// <param name="inputs">The symbolic input.</param>
    /// <param name="training">
    /// Fixes the mode of this call (Keras's <c>layer(x, training=False)</c>: a base model kept in inference mode while
    /// fine-tuning, so its BatchNormalization statistics stay put); null follows the model's mode.
    /// </param>
    /// <returns>The symbolic output.</returns>
    public KerasTensor Apply(KerasTensor inputs, bool? training = null) => Single(ApplyMulti([inputs], training));

    /// <summary>Adds a call on several symbolic inputs and returns the single output.</summary>
    /// <param name="inputs">The symbolic inputs.</param>
    /// <param name="training">Fixes the mode of this call; null follows the model's mode.</param>
    /// <returns>The symbolic output.</returns>
    public KerasTensor Apply(IReadOnlyList<KerasTensor> inputs, bool? training = null) => Single(ApplyMulti(inputs, training));

    /// <summary>Adds a call on several symbolic inputs and returns every output.</summary>
    /// <param name="inputs">The symbolic inputs.</param>
    /// <param name="training">Fixes the mode of this call; null follows the model's mode.</param>
    /// <param name="arguments">
    /// Keyword arguments of this call that are not tensors (Keras's <c>mha(q, v, use_causal_mask=True)</c>), by their
    /// Keras names; the layer reads them as <see cref="CallArguments"/>, and configs save them with the call.
    /// </param>
    /// <returns>The symbolic outputs.</returns>
    public IReadOnlyList<KerasTensor> ApplyMulti(IReadOnlyList<KerasTensor> inputs, bool? training = null, IReadOnlyDictionary<string, object>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0 || inputs.Any(i => i is null))
        {
            throw new ArgumentException($"Layer \"{Name}\" was called without inputs.", nameof(inputs));
        }

        Shape[] shapes = inputs.Select(i => i.Shape).ToArray();
        EnsureBuilt(shapes);
        CheckInputShapes(shapes);
        IReadOnlyList<Shape> outShapes;
        using (WithArguments(arguments))
        {
            outShapes = ComputeOutputShape(shapes);
        }

        var outputs = outShapes
            .Select((s, i) => new KerasTensor(s, DType, outShapes.Count == 1 ? Name : $"{Name}_{i}"))
            .ToArray();
        AddInboundNode(new Node(this, inputs.ToArray(), outputs, training, arguments));
        return outputs;
    }

    /// <summary>Builds if needed, checks shapes, and calls; no dispose scope (callers own one).</summary>
    internal IReadOnlyList<Tensor> Invoke(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? masks, bool training, out IReadOnlyList<Tensor?> outputMasks, IReadOnlyDictionary<string, object>? arguments = null)
    {
        if (inputs.Count == 0)
        {
            throw new ArgumentException($"Layer \"{Name}\" was called without inputs.", nameof(inputs));
        }

        inputs = AutoCast(inputs);
        Tensor?[] m = masks?.ToArray() ?? new Tensor?[inputs.Count];
        Shape[] shapes = inputs.Select(Ops.ShapeOf).ToArray();
        EnsureBuilt(shapes);
        CheckInputShapes(shapes);
        IReadOnlyList<Tensor> outputs;
        OpRecording.Current?.CheckLayerTensors(inputs, produced: false);
        using (WithArguments(arguments))
        {
            using (OpensNameScope ? NameScope.Push(Name) : null)
            using (OpRecording.EnterLayer(Name))
            {
                outputs = Call(inputs, m, training);
                OpRecording.Current?.CheckLayerTensors(outputs, produced: true);
            }

            outputMasks = ComputeMask(inputs, m);
        }

        return outputs;
    }

    /// <summary>
    /// Keras's autocast: floating inputs of another float dtype are cast to the layer's float dtype (a float16
    /// policy's layer fed float32 computes in float16); integer inputs and non-float layers are left alone.
    /// </summary>
    private IReadOnlyList<Tensor> AutoCast(IReadOnlyList<Tensor> inputs)
    {
        if (!DType.IsFloating)
        {
            return inputs;
        }

        Tensor[]? cast = null;
        for (int i = 0; i < inputs.Count; i++)
        {
            DType d = Ops.DTypeOf(inputs[i]);
            if (d.IsFloating && d != DType)
            {
                cast ??= inputs.ToArray();
                cast[i] = Ops.Cast(inputs[i], DType);
            }
        }

        return cast ?? inputs;
    }

    private List<Shape> ProbeOutputShapes(IReadOnlyList<Shape> inputShapes, IReadOnlyList<DType> dtypes)
    {
        using TensorScope scope = Ops.NewScope();
        using IDisposable noGrad = Ops.NoGrad();
        List<long[]> first = RunProbe(inputShapes, dtypes, 2);
        bool anyUnknown = inputShapes.Any(s => !s.IsFullyDefined);
        List<long[]> second = anyUnknown ? RunProbe(inputShapes, dtypes, 3) : first;
        var result = new List<Shape>();
        for (int i = 0; i < first.Count; i++)
        {
            long[] a = first[i], b = second[i];
            bool sameRank = a.Length == b.Length;
            result.Add(new Shape(a.Select((d, k) => sameRank && b[k] == d ? (long?)d : null)));
        }

        return result;
    }

    private List<long[]> RunProbe(IReadOnlyList<Shape> inputShapes, IReadOnlyList<DType> dtypes, long unknown)
    {
        Tensor[] inputs = inputShapes
            .Select((s, i) => Ops.Zeros(s.Select(d => d ?? unknown).ToArray(), dtypes[i], VariablesDevice()))
            .ToArray();
        return Invoke(inputs, null, training: false, out _).Select(o => o.shape).ToList();
    }

    private Device VariablesDevice() => Weights.Count > 0 ? Weights[0].Device : KerasBackend.DefaultDevice;

    private static IReadOnlyList<Tensor> FreshOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        var result = new Tensor[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            result[i] = inputs.Any(x => ReferenceEquals(x, outputs[i])) ? Ops.Alias(outputs[i]) : outputs[i];
        }

        return result;
    }

    private T Single<T>(IReadOnlyList<T> outputs) => outputs.Count == 1
        ? outputs[0]
        : throw new InvalidOperationException(
            $"Layer \"{Name}\" returned {outputs.Count} outputs; use ApplyMulti to receive all of them.");

    [ThreadStatic]
    private static IReadOnlyDictionary<string, object>? t_callArguments;

    /// <summary>
    /// The keyword arguments of the call in progress (empty when none): what <c>ApplyMulti(..., arguments)</c> passed,
    /// or what the functional graph's node recorded. Read them in <c>Call</c> and <c>ComputeOutputShape</c>.
    /// </summary>
    protected static IReadOnlyDictionary<string, object> CallArguments => t_callArguments ?? NoArguments;

    private static readonly IReadOnlyDictionary<string, object> NoArguments = new Dictionary<string, object>();

    /// <summary>Makes <paramref name="arguments"/> the call arguments until disposed (nested layer calls get none).</summary>
    private static ArgumentsScope WithArguments(IReadOnlyDictionary<string, object>? arguments)
    {
        var previous = t_callArguments;
        t_callArguments = arguments;
        return new ArgumentsScope(previous);
    }

    private readonly struct ArgumentsScope(IReadOnlyDictionary<string, object>? previous) : IDisposable
    {
        public void Dispose() => t_callArguments = previous;
    }
}
