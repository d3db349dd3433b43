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

        if (attentionAxes is not null)
        {
            throw new NotSupportedException("MultiHeadAttention(attention_axes=...) is not supported by Keras.Net; leave it null to attend over the time axis.");
        }

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
        if (inputShapes.Count is not (2 or 3) || inputShapes.Any(s => s.Rank != 3 || s[2] is null))
        {
            throw new ArgumentException($"MultiHeadAttention layer \"{Name}\" must be called on [query, value(, key)] of shape (batch, steps, dim) with known dims. Received: {string.Join(", ", inputShapes)}");
        }
    }

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputShapes(inputShapes);
        long query = inputShapes[0][2]!.Value, value = inputShapes[1][2]!.Value;
        long key = inputShapes.Count > 2 ? inputShapes[2][2]!.Value : value;
        _query = Project("query", Shape.Of(query, NumHeads, KeyDim), Shape.Of(NumHeads, KeyDim));
        _key = Project("key", Shape.Of(key, NumHeads, KeyDim), Shape.Of(NumHeads, KeyDim));
        _value = Project("value", Shape.Of(value, NumHeads, ValueDim), Shape.Of(NumHeads, ValueDim));
        long output = OutputShape ?? query;
        _output = Project("attention_output", Shape.Of(NumHeads, ValueDim, output), Shape.Of(output));
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        using TensorScope scope = Ops.NewScope();
        Tensor q = Heads(inputs[0], _query, KeyDim);
        Tensor k = Heads(inputs.Count > 2 ? inputs[2] : inputs[1], _key, KeyDim);
        Tensor v = Heads(inputs[1], _value, ValueDim);
        Tensor scores = Ops.MatMul(Ops.Multiply(q, 1 / Math.Sqrt(KeyDim)), Ops.Transpose(k, [0, 1, 3, 2]));
        Tensor? queryMask = masks.Count > 0 ? masks[0] : null;
        Tensor? valueMask = masks.Count > 1 ? masks[1] : null;
        if (queryMask is not null || valueMask is not null)
        {
            Shape ss = Ops.ShapeOf(scores);
            Tensor allowed = Ops.Ones([ss[0]!.Value, ss[2]!.Value, ss[3]!.Value], DType.Bool, Ops.DeviceOf(scores));
            allowed = queryMask is null ? allowed : Ops.LogicalAnd(allowed, Ops.ExpandDims(queryMask, 2));
            allowed = valueMask is null ? allowed : Ops.LogicalAnd(allowed, Ops.ExpandDims(valueMask, 1));
            scores = Ops.Where(Ops.ExpandDims(allowed, 1), scores, Ops.Full([1], -1e9, Ops.DTypeOf(scores), Ops.DeviceOf(scores)));
        }

        Tensor weights = Ops.Softmax(scores, -1);
        if (training && Dropout > 0)
        {
            long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
            weights = Ops.Dropout(weights, Dropout, null, seed);
        }

        Tensor context = Ops.Transpose(Ops.MatMul(weights, v), [0, 2, 1, 3]);
        Shape cs = Ops.ShapeOf(context);
        Tensor flat = Ops.Reshape(context, [cs[0]!.Value, cs[1]!.Value, NumHeads * ValueDim]);
        Tensor y = Ops.Affine(flat, Ops.Reshape(_output.Kernel.Value, [NumHeads * ValueDim, -1]), _output.Bias?.Value);
        if (ActivityRegularizer is not null)
        {
            AddLoss(scope.Keep(Ops.Divide(ActivityRegularizer.Call(y), Ops.Scalar(Ops.ShapeOf(y)[0] ?? 1, Ops.DTypeOf(y), Ops.DeviceOf(y)))));
        }

        return [scope.Keep(y)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        return [masks.Count > 0 && masks[0] is Tensor m ? Ops.Alias(m) : null];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputShapes(inputShapes);
        return [new Shape([inputShapes[0][0], inputShapes[0][1], OutputShape ?? inputShapes[0][2]])];
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
        config["attention_axes"] = null;
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

    /// <summary>Projects <c>(batch, steps, dim)</c> with one projection's weights into <c>(batch, heads, steps, head_dim)</c>.</summary>
    private Tensor Heads(Tensor x, (Variable Kernel, Variable? Bias) projection, int headDim)
    {
        Tensor flatKernel = Ops.Reshape(projection.Kernel.Value, [-1, NumHeads * headDim]);
        Tensor? bias = projection.Bias is null ? null : Ops.Reshape(projection.Bias.Value, [NumHeads * headDim]);
        Tensor projected = Ops.Affine(x, flatKernel, bias);
        Shape s = Ops.ShapeOf(projected);
        return Ops.Transpose(Ops.Reshape(projected, [s[0]!.Value, s[1]!.Value, NumHeads, headDim]), [0, 2, 1, 3]);
    }
}
