// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Metrics;

/// <summary>tp / (tp + fn) with predictions above <see cref="Threshold"/> counted positive (Keras default name <c>recall</c>, made unique).</summary>
public sealed class Recall : Metric
{
    private Tensor? _thresholds;
    private Variable? _tp;
    private Variable? _fn;

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold.</param>
    /// <param name="name">The name (default <c>recall</c>, <c>recall_1</c>, ...).</param>
    public Recall(double threshold = 0.5, string? name = null)
        : base(name ?? NameRegistry.Unique("recall"))
    {
        Threshold = threshold;
    }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yPred);
        if (_tp is null)
        {
            _tp = AddStateVariable("true_positives", [1], Ops.DeviceOf(yPred));
            _fn = AddStateVariable("false_negatives", [1], Ops.DeviceOf(yPred));
            _thresholds = Ops.Detach(Ops.Full([1], Threshold, DType.Float32, Ops.DeviceOf(yPred)));
        }

        ConfusionCounts.Update(yTrue, yPred, sampleWeight, _thresholds!, _tp, null, null, _fn);
    }

    /// <inheritdoc />
    public override Tensor Result() => _tp is null ? Ops.Scalar(0.0) : Precision.RatioNoNan(_tp.Value, _fn!.Value);
}
