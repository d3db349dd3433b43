// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Dot-product (Luong-style) attention (Keras's <c>Attention</c>), called on <c>[query, value]</c> or
/// <c>[query, value, key]</c> (key defaults to value): <c>scores = query . key^T</c> (times the learned <c>scale</c>
/// with <c>use_scale</c>) or, with <c>score_mode="concat"</c>, <c>concat_score_weight * sum(tanh(scale * (q + k)))</c>;
/// softmax over the keys (masked keys excluded), dropout on the weights in training, then the weighted sum of the
/// values. A query mask zeroes the outputs of masked queries.
/// </summary>
public sealed class Attention : Layer
{
    private long _calls;

    /// <summary>Creates the layer.</summary>
    /// <param name="useScale">Learn a scalar that scales the scores.</param>
    /// <param name="scoreMode"><c>dot</c> or <c>concat</c>.</param>
    /// <param name="dropout">Dropout on the attention weights (training only).</param>
    /// <param name="seed">A seed for the dropout.</param>
    /// <param name="causal">Let each query attend only to keys at or before its own position (tf.keras 2.4-2.9's argument; later versions take it at call time).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights train.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Attention(bool useScale = false, string scoreMode = "dot", double dropout = 0.0, long? seed = null, bool causal = false, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        if (scoreMode is not ("dot" or "concat"))
        {
            throw new ArgumentException($"Invalid value for argument score_mode. Expected one of {{'dot', 'concat'}}. Received: score_mode={scoreMode}", nameof(scoreMode));
        }

        UseScale = useScale;
        ScoreMode = scoreMode;
        Dropout = NoiseArgs.Rate(dropout);
        Seed = seed;
        Causal = causal;
        SupportsMasking = true;
    }

    /// <summary>Whether a learned scale multiplies the scores.</summary>
    public bool UseScale { get; }

    /// <summary>The scoring function.</summary>
    public string ScoreMode { get; }

    /// <summary>Dropout on the attention weights.</summary>
    public double Dropout { get; }

    /// <summary>The dropout seed, or null.</summary>
    public long? Seed { get; }

    /// <summary>Whether queries only see keys at or before their position.</summary>
    public bool Causal { get; }

    /// <summary>The learned scale, or null.</summary>
    public Variable? ScaleWeight { get; private set; }

    /// <summary>The learned weight of concat scores, or null.</summary>
    public Variable? ConcatScoreWeight { get; private set; }

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        ScaleWeight = UseScale ? AddWeight("scale", Shape.Of(), "ones") : null;
        ConcatScoreWeight = ScoreMode == "concat" ? AddWeight("concat_score_weight", Shape.Of(), "ones") : null;
    }

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count is not (2 or 3) || inputShapes.Any(s => s.Rank != 3))
        {
            throw new ArgumentException($"Attention layer \"{Name}\" must be called on a list of 2 or 3 inputs [query, value(, key)] of shape (batch, steps, dim). Received: {string.Join(", ", inputShapes)}");
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        using TensorScope scope = Ops.NewScope();
        Tensor q = inputs[0], v = inputs[1], k = inputs.Count > 2 ? inputs[2] : inputs[1];
        Tensor scores;
        if (ScoreMode == "dot")
        {
            scores = Ops.MatMul(q, Ops.Transpose(k, [0, 2, 1]));
            if (ScaleWeight is not null)
            {
                scores = Ops.Multiply(scores, ScaleWeight.Value);
            }
        }
        else
        {
            Tensor sum = Ops.Add(Ops.ExpandDims(q, 2), Ops.ExpandDims(k, 1));
            if (ScaleWeight is not null)
            {
                sum = Ops.Multiply(sum, ScaleWeight.Value);
            }

            scores = Ops.Multiply(Ops.Sum(Ops.Tanh(sum), [-1]), ConcatScoreWeight!.Value);
        }

        if (masks.Count > 1 && masks[1] is Tensor valueMask)
        {
            // Masked keys get a large negative score so that softmax gives them ~0 weight (Keras uses -1e9).
            Tensor keep = Ops.ExpandDims(valueMask, 1);
            scores = Ops.Where(keep, scores, Ops.Full([1], -1e9, Ops.DTypeOf(scores), Ops.DeviceOf(scores)));
        }

        if (Causal || (CallArguments.TryGetValue("use_causal_mask", out object? causal) && causal is true))
        {
            Tensor allowed = AttentionMasks.Causal(inputs[0], inputs.Count > 2 ? inputs[2] : inputs[1]);
            scores = Ops.Where(allowed, scores, Ops.Full([1], -1e9, Ops.DTypeOf(scores), Ops.DeviceOf(scores)));
        }

        Tensor weights = Ops.Softmax(scores, -1);
        if (training && Dropout > 0)
        {
            long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
            weights = Ops.Dropout(weights, Dropout, null, seed);
        }

        Tensor output = Ops.MatMul(weights, v);
        if (masks.Count > 0 && masks[0] is Tensor queryMask)
        {
            output = Ops.Multiply(output, Ops.ExpandDims(Ops.Cast(queryMask, Ops.DTypeOf(output)), -1));
        }

        return ReturnsScores ? [scope.Keep(output), scope.Keep(Ops.Alias(weights))] : [scope.Keep(output)];
    }

    private static bool ReturnsScores => CallArguments.TryGetValue("return_attention_scores", out object? v) && v is true;

    /// <summary>
    /// Adds a call with Keras 3's call arguments: <c>attention([query, value, key], use_causal_mask=...,
    /// return_attention_scores=...)</c>; with scores, a second output <c>(batch, T, S)</c>.
    /// </summary>
    /// <param name="inputs">[query, value] or [query, value, key].</param>
    /// <param name="useCausalMask">Each query step attends only to key steps at or before it.</param>
    /// <param name="returnAttentionScores">Also return the attention scores.</param>
    /// <returns>The output, and the scores when asked.</returns>
    public IReadOnlyList<KerasTensor> ApplyAttention(IReadOnlyList<KerasTensor> inputs, bool useCausalMask = false, bool returnAttentionScores = false) =>
        ApplyMulti(inputs, null, CallFlags(useCausalMask, returnAttentionScores));

    /// <summary>Runs the layer with Keras 3's call arguments.</summary>
    /// <param name="inputs">[query, value] or [query, value, key].</param>
    /// <param name="useCausalMask">Each query step attends only to key steps at or before it.</param>
    /// <param name="returnAttentionScores">Also return the attention scores.</param>
    /// <param name="training">Whether in training mode (dropout).</param>
    /// <returns>The output, and the scores when asked; the caller owns them.</returns>
    public IReadOnlyList<Tensor> ApplyAttention(IReadOnlyList<Tensor> inputs, bool useCausalMask = false, bool returnAttentionScores = false, bool training = false) =>
        ApplyMulti(inputs, training, CallFlags(useCausalMask, returnAttentionScores));

    private static Dictionary<string, object>? CallFlags(bool causal, bool scores)
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

        return a.Count > 0 ? a : null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Tensor? mask = masks.Count > 0 && masks[0] is Tensor m ? Ops.Alias(m) : null;
        return ReturnsScores ? [mask, null] : [mask];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputShapes(inputShapes);
        var output = new Shape([inputShapes[0][0], inputShapes[0][1], inputShapes[1][2]]);
        return ReturnsScores ? [output, new Shape([inputShapes[0][0], inputShapes[0][1], (inputShapes.Count > 2 ? inputShapes[2] : inputShapes[1])[1]])] : [output];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["use_scale"] = UseScale;
        config["score_mode"] = ScoreMode;
        config["dropout"] = Dropout;
        if (Causal)
        {
            config["causal"] = true;
        }

        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Attention FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Attention>(config);
}
