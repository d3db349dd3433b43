// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Categorical hinge loss. Keras name <c>categorical_hinge</c>.</summary>
public sealed class CategoricalHinge : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public CategoricalHinge(string reduction = "sum_over_batch_size", string name = "categorical_hinge")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.CategoricalHinge(yTrue, yPred);
}
