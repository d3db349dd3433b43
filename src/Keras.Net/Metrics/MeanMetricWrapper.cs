// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Metrics;

/// <summary>The weighted mean of a per-sample function of (y_true, y_pred) (Keras's <c>MeanMetricWrapper</c>).</summary>
public class MeanMetricWrapper : Reduce
{
    /// <summary>Wraps a function.</summary>
    /// <param name="function">Computes per-sample values from (y_true, y_pred).</param>
    /// <param name="name">The name.</param>
    public MeanMetricWrapper(Func<Tensor, Tensor, Tensor> function, string name)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(function);
        Function = function;
    }

    /// <summary>The wrapped function.</summary>
    public Func<Tensor, Tensor, Tensor> Function { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using Tensor values = Function(yTrue, yPred);
        Accumulate(values, sampleWeight);
    }
}
