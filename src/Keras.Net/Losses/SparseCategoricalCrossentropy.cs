// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Categorical cross-entropy with integer targets. Keras name <c>sparse_categorical_crossentropy</c>.</summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether predictions are logits.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, string reduction = "sum_over_batch_size", string name = "sparse_categorical_crossentropy")
        : base(name, reduction)
    {
        FromLogits = fromLogits;
    }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.SparseCategoricalCrossentropy(yTrue, yPred, FromLogits);
}
