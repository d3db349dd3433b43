// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Kullback-Leibler divergence. Keras name <c>kl_divergence</c>.</summary>
public sealed class KLDivergence : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public KLDivergence(string reduction = "sum_over_batch_size", string name = "kl_divergence")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.KLDivergence(yTrue, yPred);
}
