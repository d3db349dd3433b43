// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Mean of squares of errors. Keras name <c>mean_squared_error</c>.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public MeanSquaredError(string reduction = "sum_over_batch_size", string name = "mean_squared_error")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.MeanSquaredError(yTrue, yPred);
}
