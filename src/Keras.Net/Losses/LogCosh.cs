// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Logarithm of the hyperbolic cosine of the error. Keras name <c>log_cosh</c>.</summary>
public sealed class LogCosh : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public LogCosh(string reduction = "sum_over_batch_size", string name = "log_cosh")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.LogCosh(yTrue, yPred);
}
