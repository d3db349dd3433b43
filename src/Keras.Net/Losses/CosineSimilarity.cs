// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Negative cosine similarity. Keras name <c>cosine_similarity</c>.</summary>
public sealed class CosineSimilarity : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="axis">The axis along which similarity is computed.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public CosineSimilarity(int axis = -1, string reduction = "sum_over_batch_size", string name = "cosine_similarity")
        : base(name, reduction)
    {
        Axis = axis;
    }

    /// <summary>The axis along which similarity is computed.</summary>
    public int Axis { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.CosineSimilarity(yTrue, yPred, Axis);
}
