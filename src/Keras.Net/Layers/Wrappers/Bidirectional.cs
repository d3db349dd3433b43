// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Runs a recurrent layer forwards and a copy of it backwards over the same sequence and merges the two
/// (Keras's <c>Bidirectional</c>). The copies are named <c>forward_&lt;layer&gt;</c> and
/// <c>backward_&lt;layer&gt;</c>; the weights are the forward layer's, then the backward layer's. With
/// <c>return_sequences</c> the backward output is flipped back into time order before merging.
/// </summary>
public sealed class Bidirectional : Layer
{
    private readonly RecurrentLayer _forward;
    private readonly RecurrentLayer _backward;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">The recurrent layer to run in both directions (used as a template; it is not called).</param>
    /// <param name="mergeMode"><c>concat</c> (default), <c>sum</c>, <c>mul</c>, <c>ave</c>, or null for two separate outputs.</param>
    /// <param name="backwardLayer">An explicit backward layer (Keras 3 writes it in the config); by default a copy of <paramref name="layer"/> with <c>go_backwards</c> flipped.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Bidirectional(Layer layer, string? mergeMode = "concat", Layer? backwardLayer = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is not RecurrentLayer recurrent)
        {
            throw new ArgumentException($"Please initialize `Bidirectional` layer with a recurrent layer (SimpleRNN, LSTM, GRU). Received: {layer.GetType().Name}", nameof(layer));
        }

        if (mergeMode is not (null or "concat" or "sum" or "mul" or "ave"))
        {
            throw new ArgumentException($"Invalid merge mode. Received: {mergeMode}. Merge mode should be one of {{\"sum\", \"mul\", \"ave\", \"concat\", null}}", nameof(mergeMode));
        }

        Layer = recurrent;
        MergeMode = mergeMode;
        _forward = Copy(recurrent, "forward_" + recurrent.Name, recurrent.GoBackwards);
        if (backwardLayer is null)
        {
            _backward = Copy(recurrent, "backward_" + recurrent.Name, !recurrent.GoBackwards);
        }
        else if (backwardLayer is RecurrentLayer explicitBackward && explicitBackward.GoBackwards != recurrent.GoBackwards
            && explicitBackward.ReturnSequences == recurrent.ReturnSequences && explicitBackward.ReturnState == recurrent.ReturnState)
        {
            _backward = explicitBackward;
        }
        else
        {
            throw new ArgumentException("`backward_layer` must be a recurrent layer with the opposite go_backwards and the same return_sequences and return_state as `layer`.", nameof(backwardLayer));
        }

        SupportsMasking = true;
    }

    /// <summary>The wrapped layer as given (its config is what <see cref="GetConfig"/> writes).</summary>
    public RecurrentLayer Layer { get; }

    /// <summary>How the two directions are combined (null: kept as two outputs).</summary>
    public string? MergeMode { get; }

    /// <summary>The layer that reads the sequence forwards.</summary>
    public RecurrentLayer ForwardLayer => _forward;

    /// <summary>The layer that reads the sequence backwards.</summary>
    public RecurrentLayer BackwardLayer => _backward;

    /// <inheritdoc />
    protected internal override IEnumerable<Layer> ChildLayers => [_forward, _backward];

    /// <inheritdoc />
    internal override IEnumerable<(string Name, object Child)> CheckpointChildren(bool keepPrivatePrefix) => [("forward_layer", _forward), ("backward_layer", _backward)];

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        _forward.EnsureBuilt(inputShape);
        _backward.EnsureBuilt(inputShape);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using TensorScope scope = Ops.NewScope();
        IReadOnlyList<Tensor> f = _forward.Invoke([inputs[0]], masks, training, out _);
        IReadOnlyList<Tensor> b = _backward.Invoke([inputs[0]], masks, training, out _);
        Tensor yf = f[0];
        Tensor yb = Layer.ReturnSequences ? Ops.Reverse(b[0], 1) : b[0];
        Tensor[] outputs = MergeMode switch
        {
            "concat" => [Ops.Concatenate([yf, yb], -1)],
            "sum" => [Ops.Add(yf, yb)],
            "mul" => [Ops.Multiply(yf, yb)],
            "ave" => [Ops.Multiply(Ops.Add(yf, yb), 0.5)],
            _ => [Ops.Alias(yf), Ops.Alias(yb)],
        };
        Tensor[] result = [.. outputs, .. f.Skip(1), .. b.Skip(1)];
        return result.Select(r => scope.Keep(Ops.Alias(r))).ToArray();
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Call([inputs], [null], training)[0];

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Tensor? mask = Layer.ReturnSequences && masks.Count > 0 && masks[0] is Tensor m ? m : null;
        int outputs = (MergeMode is null ? 2 : 1) + (Layer.ReturnState ? 2 * Layer.StateCountInternal : 0);
        return Enumerable.Range(0, outputs).Select(i => i < (MergeMode is null ? 2 : 1) && mask is not null ? Ops.Alias(mask) : null).ToArray();
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        IReadOnlyList<Shape> one = _forward.ComputeOutputShape(inputShapes);
        Shape y = one[0];
        Shape merged = MergeMode == "concat" ? new Shape([.. y.Take(y.Rank - 1), y[^1] * 2]) : y;
        IEnumerable<Shape> outs = MergeMode is null ? [y, y] : [merged];
        return [.. outs, .. one.Skip(1), .. one.Skip(1)];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["layer"] = KerasSerializer.Serialize(Layer);
        config["merge_mode"] = MergeMode;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Bidirectional FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Bidirectional>(config);

    private static RecurrentLayer Copy(RecurrentLayer template, string name, bool goBackwards)
    {
        JsonObject serialized = KerasSerializer.Serialize(template).AsObject();
        JsonObject inner = serialized["config"]!.AsObject();
        inner["name"] = name;
        inner["go_backwards"] = goBackwards;
        return (RecurrentLayer)KerasSerializer.Deserialize<Layer>(serialized);
    }

    /// <inheritdoc />
    internal override Shape? InputShapeFromWeight(long[] firstWeight) => _forward.InputShapeFromWeight(firstWeight);
}
