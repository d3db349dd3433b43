// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Turns integer indices into dense vectors (Keras's <c>Embedding</c>): a weight <c>embeddings</c> of shape
/// <c>(input_dim, output_dim)</c>; output shape is the input shape plus <c>output_dim</c>. With
/// <c>mask_zero</c>, index 0 is padding and the layer emits a mask that is false there.
/// </summary>
public sealed class Embedding : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputDim">The vocabulary size (largest index + 1).</param>
    /// <param name="outputDim">The vector length.</param>
    /// <param name="embeddingsInitializer">Initializer for the table (default <c>uniform</c>: U(-0.05, 0.05)).</param>
    /// <param name="embeddingsRegularizer">Regularizer for the table.</param>
    /// <param name="activityRegularizer">Regularizer for the output.</param>
    /// <param name="embeddingsConstraint">Constraint for the table.</param>
    /// <param name="maskZero">Whether index 0 is padding to be masked.</param>
    /// <param name="inputLength">Keras 2's fixed sequence length (kept in the config; the shape comes from the input).</param>
    /// <param name="sparse">Keras 3's sparse gradients; only <c>false</c> is supported.</param>
    /// <param name="loraRank">Keras 3's LoRA rank; only null is supported.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the table is trained.</param>
    /// <param name="dtype">The table's dtype.</param>
    public Embedding(int inputDim, int outputDim, object? embeddingsInitializer = null, object? embeddingsRegularizer = null, object? activityRegularizer = null, object? embeddingsConstraint = null, bool maskZero = false, int? inputLength = null, bool sparse = false, int? loraRank = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        if (inputDim <= 0 || outputDim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputDim), $"Both `input_dim` and `output_dim` should be positive, Received input_dim = {inputDim} and output_dim = {outputDim}");
        }

        if (sparse)
        {
            throw new NotSupportedException("Embedding(sparse=True) is not supported by Keras.Net; use sparse=false (dense gradients).");
        }

        if (loraRank is not null)
        {
            throw new NotSupportedException($"Embedding(lora_rank={loraRank}) is not supported by Keras.Net; use lora_rank=null.");
        }

        InputDim = inputDim;
        OutputDim = outputDim;
        EmbeddingsInitializer = ArgumentResolver.Initializer(embeddingsInitializer) ?? new RandomUniform();
        EmbeddingsRegularizer = ArgumentResolver.Regularizer(embeddingsRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        EmbeddingsConstraint = ArgumentResolver.Constraint(embeddingsConstraint);
        MaskZero = maskZero;
        InputLength = inputLength;
        SupportsMasking = maskZero;
    }

    /// <summary>Vocabulary size.</summary>
    public int InputDim { get; }

    /// <summary>Vector length.</summary>
    public int OutputDim { get; }

    /// <summary>Table initializer.</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>Table regularizer.</summary>
    public Regularizer? EmbeddingsRegularizer { get; }

    /// <summary>Output regularizer.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>Table constraint.</summary>
    public Constraint? EmbeddingsConstraint { get; }

    /// <summary>Whether index 0 is masked.</summary>
    public bool MaskZero { get; }

    /// <summary>Keras 2's <c>input_length</c>, or null.</summary>
    public int? InputLength { get; }

    /// <summary>The table <c>(input_dim, output_dim)</c>.</summary>
    public Variable? Embeddings { get; private set; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape) =>
        Embeddings = AddWeight("embeddings", Shape.Of(InputDim, OutputDim), EmbeddingsInitializer, regularizer: EmbeddingsRegularizer, constraint: EmbeddingsConstraint);

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor indices = Ops.Cast(inputs, DType.Int64);
        if (Ops.ValueRange(indices) is (double lo, double hi) && (lo < 0 || hi >= InputDim))
        {
            throw new ArgumentException($"Layer \"{Name}\": indices must lie in [0, {InputDim}); got values in [{lo}, {hi}].");
        }

        Shape shape = Ops.ShapeOf(indices);
        Tensor rows = Ops.TakeRows(Embeddings!.Value, Ops.Reshape(indices, [-1]));
        Tensor y = Ops.Reshape(rows, [-1, .. shape.Skip(1).Select(d => d!.Value), OutputDim]);
        if (ActivityRegularizer is not null)
        {
            AddLoss(scope.Keep(Ops.Divide(ActivityRegularizer.Call(y), Ops.Scalar(shape.Rank == 0 ? 1 : shape[0] ?? 1, Ops.DTypeOf(y), Ops.DeviceOf(y)))));
        }

        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => MaskZero ? Ops.NotEqual(inputs, 0) : null;

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return new Shape([.. inputShape, OutputDim]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["input_dim"] = InputDim;
        config["output_dim"] = OutputDim;
        config["embeddings_initializer"] = KerasSerializer.Serialize(EmbeddingsInitializer);
        config["embeddings_regularizer"] = KerasSerializer.SerializeOptional(EmbeddingsRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["embeddings_constraint"] = KerasSerializer.SerializeOptional(EmbeddingsConstraint);
        config["mask_zero"] = MaskZero;
        config["input_length"] = InputLength;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Embedding FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Embedding>(config);

    /// <inheritdoc />
    internal override Shape? InputShapeFromWeight(long[] firstWeight) => new Shape([null, InputLength is int n ? n : null]);
}
