// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's <c>MultiHeadAttention</c> over the time axis of <c>(batch, steps, dim)</c> inputs, called on
/// <c>[query, value]</c> or <c>[query, value, key]</c>. Weights in Keras's layout and order:
/// <c>query/kernel (dim_q, heads, key_dim)</c>, <c>query/bias (heads, key_dim)</c>, the same for <c>key</c> and
/// <c>value</c> (<c>value_dim</c>), then <c>attention_output/kernel (heads, value_dim, out)</c> and its bias.
/// Scores are <c>(Q / sqrt(key_dim)) K^T</c> per head, softmax over keys (masked pairs excluded), dropout in
/// training. Keras masks on the query and value inputs combine into the attention mask, as in Keras 3.
/// </summary>
public sealed class MultiHeadAttention : Layer
{
    private readonly JsonNode? _queryShape;
    private readonly JsonNode? _keyShape;
    private readonly JsonNode? _valueShape;
    private long _calls;
    private (Variable Kernel, Variable? Bias) _query, _key, _value, _output;

    /// <summary>Creates the layer.</summary>
    /// <param name="numHeads">Attention heads.</param>
    /// <param name="keyDim">Size of each head for query and key.</param>
    /// <param name="valueDim">Size of each head for value (default: <paramref name="keyDim"/>).</param>
    /// <param name="dropout">Dropout on the attention weights (training only).</param>
    /// <param name="useBias">Whether the projections have biases.</param>
    /// <param name="outputShape">The output's last dimension (default: the query's), as an int or a one-item list.</param>
    /// <param name="attentionAxes">Only null (attend over the time axis) is supported.</param>
    /// <param name="kernelInitializer">Initializer for the projection kernels.</param>
    /// <param name="biasInitializer">Initializer for the biases.</param>
    /// <param name="kernelRegularizer">Regularizer for the kernels.</param>
    /// <param name="biasRegularizer">Regularizer for the biases.</param>
    /// <param name="activityRegularizer">Regularizer for the output.</param>
    /// <param name="kernelConstraint">Constraint for the kernels.</param>
    /// <param name="biasConstraint">Constraint for the biases.</param>
    /// <param name="seed">A seed for the dropout.</param>
    /// <param name="queryShape">tf.keras's recorded build shape (kept in the config).</param>
    /// <param name="keyShape">tf.keras's recorded build shape (kept in the config).</param>
    /// <param name="valueShape">tf.keras's recorded build shape (kept in the config).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights train.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, double dropout = 0.0, bool useBias = true, object? outputShape = null, object? attentionAxes = null, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, long? seed = null, JsonNode? queryShape = null, JsonNode? keyShape = null, JsonNode? valueShape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numHeads), $"`num_heads`, `key_dim` and `value_dim` must be positive. Received: num_heads={numHeads}, key_dim={keyDim}, value_dim={valueDim}");
        }

        AttentionAxes = attentionAxes switch
        {
            null => null,
            int one => [one],
            int[] many => many.ToArray(),
            IEnumerable<int> many => many.ToArray(),
            JsonValue v => [v.GetValue<int>()],
            JsonArray a => a.Select(n => n!.GetValue<int>()).ToArray(),
            _ => throw new ArgumentException($"attention_axes must be null, an axis or a list of axes; received {attentionAxes}.", nameof(attentionAxes)),
        };

        NumHeads = numHeads;
        KeyDim = keyDim;
        ValueDim = valueDim ?? keyDim;
        Dropout = NoiseArgs.Rate(dropout);
        UseBias = useBias;
        OutputShape = outputShape switch
        {
            null => null,
            int i => i,
            double d => (int)d,
            int[] { Length: 1 } a => a[0],
            JsonValue v => v.GetValue<int>(),
            JsonArray { Count: 1 } a => a[0]!.GetValue<int>(),
            _ => throw new NotSupportedException($"MultiHeadAttention supports an output_shape of one dimension; received {outputShape}."),
        };
        KernelInitializer = ArgumentResolver.Initializer(kernelInitializer) ?? new GlorotUniform();
        BiasInitializer = ArgumentResolver.Initializer(biasInitializer) ?? new Zeros();
        KernelRegularizer = ArgumentResolver.Regularizer(kernelRegularizer);
        BiasRegularizer = ArgumentResolver.Regularizer(biasRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        KernelConstraint = ArgumentResolver.Constraint(kernelConstraint);
        BiasConstraint = ArgumentResolver.Constraint(biasConstraint);
        Seed = seed;
        _queryShape = queryShape?.DeepClone();
        _keyShape = keyShape?.DeepClone();
        _valueShape = valueShape?.DeepClone();
        SupportsMasking = true;
    }

    /// <summary>Heads.</summary>
    public int NumHeads { get; }

    /// <summary>The axes attention runs over (Keras's <c>attention_axes</c>); null: every axis between the batch and the features.</summary>
    public IReadOnlyList<int>? AttentionAxes { get; }

    private AttentionAxesView View(int rank) => new(rank, AttentionAxes);

    /// <summary>Query/key size per head.</summary>
    public int KeyDim { get; }

    /// <summary>Value size per head.</summary>
    public int ValueDim { get; }

    /// <summary>Dropout on the attention weights.</summary>
    public double Dropout { get; }

    /// <summary>Whether the projections have biases.</summary>
    public bool UseBias { get; }

    /// <summary>The output's last dimension, or null for the query's.</summary>
    public int? OutputShape { get; }

    /// <summary>Kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Kernel regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Bias regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Output regularizer.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>Kernel constraint.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Bias constraint.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The dropout seed, or null.</summary>
    public long? Seed { get; }

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        int rank = inputShapes.Count > 0 ? inputShapes[0].Rank : 0;
        if (inputShapes.Count is not (2 or 3) || rank < 3 || inputShapes.Any(s => s.Rank != rank || s[rank - 1] is null)
            || (rank > 3 && inputShapes.Any(s => s.Skip(1).Any(d => d is null))))
        {
            throw new ArgumentException($"MultiHeadAttention layer \"{Name}\" must be called on [query, value(, key)] of one rank (3, or more with attention_axes and known inner dims), features last and known. Received: {string.Join(", ", inputShapes)}");
        }

        _ = View(rank);
    }

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputShapes(inputShapes);
        long query = inputShapes[0][^1]!.Value, value = inputShapes[1][^1]!.Value;
        long key = inputShapes.Count > 2 ? inputShapes[2][^1]!.Value : value;
        _query = Project("query", Shape.Of(query, NumHeads, KeyDim), Shape.Of(NumHeads, KeyDim));
        _key = Project("key", Shape.Of(key, NumHeads, KeyDim), Shape.Of(NumHeads, KeyDim));
        _value = Project("value", Shape.Of(value, NumHeads, ValueDim), Shape.Of(NumHeads, ValueDim));
        long output = OutputShape ?? query;
        _output = Project("attention_output", Shape.Of(NumHeads, ValueDim, output), Shape.Of(output));
    }

    /// <summary>
    /// Adds a call to a functional graph with Keras's call arguments: <c>mha(query, value, key,
    /// use_causal_mask=..., return_attention_scores=...)</c>. With <paramref name="returnAttentionScores"/> the
    /// call has two outputs: the attention output and the scores <c>(batch, heads, query_steps, key_steps)</c>.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="value">The value.</param>
    /// <param name="key">The key (default: the value).</param>
    /// <param name="useCausalMask">Each query step attends only to key steps at or before it (a decoder's mask).</param>
    /// <param name="returnAttentionScores">Also return the attention scores.</param>
    /// <returns>The output, and the scores when asked.</returns>
    public IReadOnlyList<KerasTensor> ApplyAttention(KerasTensor query, KerasTensor value, KerasTensor? key = null, bool useCausalMask = false, bool returnAttentionScores = false) =>
        ApplyMulti(key is null ? [query, value] : [query, value, key], null, Arguments(useCausalMask, returnAttentionScores, null));

    /// <summary>Runs the layer with Keras's call arguments, including an explicit attention mask.</summary>
    /// <param name="query">The query <c>(batch, T, dim)</c>.</param>
    /// <param name="value">The value <c>(batch, S, dim)</c>.</param>
    /// <param name="key">The key (default: the value).</param>
    /// <param name="attentionMask">A boolean <c>(batch, T, S)</c> mask: true where a query step may attend to a key step.</param>
    /// <param name="useCausalMask">Each query step attends only to key steps at or before it.</param>
    /// <param name="returnAttentionScores">Also return the attention scores.</param>
    /// <param name="training">Whether in training mode (dropout).</param>
    /// <returns>The output, and the scores when asked; the caller owns them.</returns>
    public IReadOnlyList<Tensor> ApplyAttention(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool useCausalMask = false, bool returnAttentionScores = false, bool training = false) =>
        ApplyMulti(key is null ? [query, value] : [query, value, key], training, Arguments(useCausalMask, returnAttentionScores, attentionMask));

    private static Dictionary<string, object>? Arguments(bool causal, bool scores, Tensor? mask)
    {
        var a = new Dictionary<string, object>(StringComparer.Ordinal);
        if (causal)
        {
            a["use_causal_mask"] = true;
        }

        if (scores)
        {
            a["return_attention_scores"] = true;
        }

        if (mask is not null)
        {
            a["attention_mask"] = mask;
        }

        return a.Count > 0 ? a : null;
    }

    private static bool Flag(string name) => CallArguments.TryGetValue(name, out object? v) && v is true;

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        AttentionAxesView view = View(Ops.ShapeOf(inputs[0]).Rank);
        if (view.IsSequence)
        {
            return AttendSequences(inputs, masks, training);
        }

        // attention_axes: fold into sequences, attend, fold back (Keras masks are per step; they do not apply here).
        if (masks.Any(m => m is not null) || CallArguments.ContainsKey("attention_mask") || Flag("use_causal_mask"))
        {
            throw new NotSupportedException($"MultiHeadAttention layer \"{Name}\": masks and use_causal_mask are supported on (batch, steps, dim) inputs, not with attention over axes [{string.Join(", ", AttentionAxes ?? [])}] of rank-{Ops.ShapeOf(inputs[0]).Rank} inputs.");
        }

        using TensorScope scope = Ops.NewScope();
        Tensor key = inputs.Count > 2 ? inputs[2] : inputs[1];
        IReadOnlyList<Tensor> folded = AttendSequences(inputs.Select(view.Fold).ToArray(), new Tensor?[inputs.Count], training);
        Tensor y = view.Unfold(folded[0], inputs[0], Ops.ShapeOf(folded[0])[^1]!.Value);
        return folded.Count > 1
            ? [scope.Keep(y), scope.Keep(view.UnfoldScores(folded[1], inputs[0], key, NumHeads))]
            : [scope.Keep(y)];
    }

    private IReadOnlyList<Tensor> AttendSequences(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor query = inputs[0], value = inputs[1], keyInput = inputs.Count > 2 ? inputs[2] : inputs[1];

        // Keras's EinsumDense projections: (batch, steps, dim) x (dim, heads, size) -> (batch, heads, steps, size).
        Tensor q = Heads(query, _query);
        Tensor k = Heads(keyInput, _key);
        Tensor v = Heads(value, _value);
        Tensor scores = Ops.Einsum("bhtd,bhsd->bhts", [Ops.Multiply(q, 1 / Math.Sqrt(KeyDim)), k]);
        Tensor? allowed = AllowedPairs(query, keyInput, masks);
        if (allowed is not null)
        {
            scores = Ops.Where(Ops.ExpandDims(allowed, 1), scores, Ops.Full([1], -1e9, Ops.DTypeOf(scores), Ops.DeviceOf(scores)));
        }

        Tensor weights = Ops.Softmax(scores, -1);
        Tensor attended = weights;
        if (training && Dropout > 0)
        {
            long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
            attended = Ops.Dropout(weights, Dropout, null, seed);
        }

        Tensor context = Ops.Einsum("bhts,bhsv->bhtv", [attended, v]);
        Tensor y = Ops.Einsum("bhtv,hvo->bto", [context, _output.Kernel.Value]);
        if (_output.Bias is not null)
        {
            y = Ops.Add(y, _output.Bias.Value);
        }

        if (ActivityRegularizer is not null)
        {
            AddLoss(scope.Keep(Ops.Divide(ActivityRegularizer.Call(y), Ops.Scalar(Ops.ShapeOf(y)[0] ?? 1, Ops.DTypeOf(y), Ops.DeviceOf(y)))));
        }

        return Flag("return_attention_scores") ? [scope.Keep(y), scope.Keep(Ops.Alias(weights))] : [scope.Keep(y)];
    }

    /// <summary>
    /// Which (query step, key step) pairs may attend, <c>(batch, T, S)</c> or broadcastable, from the Keras masks of
    /// the query and value, an explicit <c>attention_mask</c> and <c>use_causal_mask</c>; null when all may.
    /// Built from the inputs' own shapes (no constant of the batch or step count), so traced graphs stay shape-free.
    /// </summary>
    private static Tensor? AllowedPairs(Tensor query, Tensor key, IReadOnlyList<Tensor?> masks)
    {
        Tensor? allowed = null;
        void And(Tensor more) => allowed = allowed is null ? more : Ops.LogicalAnd(allowed, more);
        if (masks.Count > 0 && masks[0] is { } queryMask)
        {
            And(Ops.ExpandDims(Ops.Cast(queryMask, DType.Bool), 2));
        }

        if (masks.Count > 1 && masks[1] is { } valueMask)
        {
            And(Ops.ExpandDims(Ops.Cast(valueMask, DType.Bool), 1));
        }

        if (CallArguments.TryGetValue("attention_mask", out object? explicitMask) && explicitMask is Tensor given)
        {
            And(Ops.Cast(given, DType.Bool));
        }

        if (Flag("use_causal_mask"))
        {
            And(AttentionMasks.Causal(query, key));
        }

        return allowed;
    }

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Tensor? mask = masks.Count > 0 && masks[0] is Tensor m ? Ops.Alias(m) : null;
        return Flag("return_attention_scores") ? [mask, null] : [mask];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputShapes(inputShapes);
        AttentionAxesView view = View(inputShapes[0].Rank);
        Shape keys = inputShapes.Count > 2 ? inputShapes[2] : inputShapes[1];
        Shape output = view.OutputShape(inputShapes[0], OutputShape ?? inputShapes[0][^1]);
        return Flag("return_attention_scores") ? [output, view.ScoresShape(inputShapes[0], keys, NumHeads)] : [output];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["num_heads"] = NumHeads;
        config["key_dim"] = KeyDim;
        config["value_dim"] = ValueDim;
        config["dropout"] = Dropout;
        config["use_bias"] = UseBias;
        config["output_shape"] = OutputShape;
        config["attention_axes"] = AttentionAxes is null ? null : new JsonArray(AttentionAxes.Select(a => (JsonNode?)a).ToArray());
        config["kernel_initializer"] = KerasSerializer.Serialize(KernelInitializer);
        config["bias_initializer"] = KerasSerializer.Serialize(BiasInitializer);
        config["kernel_regularizer"] = KerasSerializer.SerializeOptional(KernelRegularizer);
        config["bias_regularizer"] = KerasSerializer.SerializeOptional(BiasRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["kernel_constraint"] = KerasSerializer.SerializeOptional(KernelConstraint);
        config["bias_constraint"] = KerasSerializer.SerializeOptional(BiasConstraint);
        if (_queryShape is not null)
        {
            config["query_shape"] = _queryShape.DeepClone();
            config["key_shape"] = _keyShape?.DeepClone();
            config["value_shape"] = _valueShape?.DeepClone();
        }

        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static MultiHeadAttention FromConfig(JsonObject config) => ArgumentResolver.FromConfig<MultiHeadAttention>(config);

    /// <inheritdoc />
    private protected override string CheckpointScopeEdge(string scope) => scope switch
    {
        // tf.keras keeps the projections as EinsumDense attributes: _query_dense, ..., _output_dense.
        "attention_output" => "_output_dense",
        _ => "_" + scope + "_dense",
    };

    private (Variable Kernel, Variable? Bias) Project(string scopeName, Shape kernelShape, Shape biasShape)
    {
        using (NameScope.Push(scopeName))
        {
            Variable kernel = AddWeight("kernel", kernelShape, KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
            Variable? bias = UseBias ? AddWeight("bias", biasShape, BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint) : null;
            return (kernel, bias);
        }
    }

    /// <summary>Projects <c>(batch, steps, dim)</c> with one projection's weights into <c>(batch, heads, steps, size)</c>.</summary>
    private static Tensor Heads(Tensor x, (Variable Kernel, Variable? Bias) projection)
    {
        Tensor projected = Ops.Einsum("btd,dhk->bhtk", [x, projection.Kernel.Value]);
        return projection.Bias is null ? projected : Ops.Add(projected, Ops.ExpandDims(projection.Bias.Value, 1));
    }
}
