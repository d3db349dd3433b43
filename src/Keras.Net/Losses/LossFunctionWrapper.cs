// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>A loss made from a function returning one value per sample (Keras's <c>LossFunctionWrapper</c>).</summary>
public sealed class LossFunctionWrapper : Loss
{
    /// <summary>Wraps a function.</summary>
    /// <param name="function">Computes per-sample losses from (y_true, y_pred).</param>
    /// <param name="name">The name.</param>
    /// <param name="reduction">The reduction.</param>
    public LossFunctionWrapper(Func<Tensor, Tensor, Tensor> function, string name, string reduction = "sum_over_batch_size")
        : base(name, reduction)
    {
        ArgumentNullException.ThrowIfNull(function);
        Function = function;
    }

    /// <summary>The wrapped function.</summary>
    public Func<Tensor, Tensor, Tensor> Function { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => Function(yTrue, yPred);
}
