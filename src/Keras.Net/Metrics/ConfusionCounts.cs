// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Metrics;

/// <summary>
/// Keras's <c>update_confusion_matrix_variables</c>: per threshold, the weighted counts of true/false
/// positives/negatives, with a prediction counted positive when it is strictly above the threshold.
/// </summary>
internal static class ConfusionCounts
{
    /// <summary>Adds this batch's counts to tp, fp, tn, fn (each shaped like <paramref name="thresholds"/>; null to skip).</summary>
    internal static void Update(Tensor yTrue, Tensor yPred, Tensor? sampleWeight, Tensor thresholds, Variable? tp, Variable? fp, Variable? tn, Variable? fn)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor predictions = Ops.ExpandDims(Ops.Reshape(Ops.Cast(yPred, DType.Float32), [-1]), -1);
        Tensor labels = Ops.ExpandDims(Ops.Reshape(Ops.Cast(Ops.Greater(Ops.Cast(yTrue, DType.Float32), 0.5), DType.Float32), [-1]), -1);
        Tensor weights = Ops.Ones([Ops.ShapeOf(predictions)[0]!.Value, 1], DType.Float32, Ops.DeviceOf(predictions));
        if (sampleWeight is not null)
        {
            long perSample = (Ops.ShapeOf(yPred).NumElements() ?? 1) / Math.Max(1, Ops.ShapeOf(yPred)[0] ?? 1);
            Tensor w = Ops.Reshape(Ops.Cast(sampleWeight, DType.Float32), [-1, 1]);
            weights = Ops.Reshape(Ops.Multiply(Ops.Ones([Ops.ShapeOf(w)[0]!.Value, perSample], DType.Float32, Ops.DeviceOf(w)), w), [-1, 1]);
        }

        Tensor above = Ops.Cast(Ops.Greater(Ops.Subtract(predictions, Ops.Reshape(thresholds, [1, -1])), 0.0), DType.Float32);
        Tensor below = Ops.Add(Ops.Negative(above), 1.0);
        Tensor negatives = Ops.Add(Ops.Negative(labels), 1.0);
        Add(tp, Ops.Multiply(Ops.Multiply(above, labels), weights));
        Add(fp, Ops.Multiply(Ops.Multiply(above, negatives), weights));
        Add(tn, Ops.Multiply(Ops.Multiply(below, negatives), weights));
        Add(fn, Ops.Multiply(Ops.Multiply(below, labels), weights));
    }

    private static void Add(Variable? target, Tensor perSample)
    {
        if (target is not null)
        {
            Ops.AddInPlace(target.Value, Ops.Sum(perSample, [0]));
        }
    }
}
