// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Metrics;

/// <summary>Keras's per-sample metric functions (<c>keras.metrics.binary_accuracy</c>, ...).</summary>
public static class MetricFunctions
{
    /// <summary>mean(y_true == (y_pred &gt; threshold), axis=-1).</summary>
    /// <param name="yTrue">Targets (0/1).</param>
    /// <param name="yPred">Probabilities.</param>
    /// <param name="threshold">The decision threshold.</param>
    /// <returns>Per-sample accuracies.</returns>
    public static Tensor BinaryAccuracy(Tensor yTrue, Tensor yPred, double threshold = 0.5)
    {
        using TensorScope s = Ops.NewScope();
        Tensor predicted = Ops.Cast(Ops.Greater(yPred, threshold), DType.Float32);
        Tensor t = Ops.Cast(yTrue, DType.Float32);
        if (Ops.ShapeOf(t).Rank < Ops.ShapeOf(predicted).Rank)
        {
            t = Ops.ExpandDims(t, -1);
        }

        return s.Keep(Ops.Mean(Ops.Cast(Ops.Equal(t, predicted), DType.Float32), [-1]));
    }

    /// <summary>Whether argmax(y_true) == argmax(y_pred).</summary>
    /// <param name="yTrue">One-hot targets.</param>
    /// <param name="yPred">Scores.</param>
    /// <returns>Per-sample 0/1.</returns>
    public static Tensor CategoricalAccuracy(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(Ops.Cast(Ops.Equal(Ops.ArgMax(yTrue, -1), Ops.ArgMax(yPred, -1)), DType.Float32));
    }

    /// <summary>Whether y_true (an index) == argmax(y_pred).</summary>
    /// <param name="yTrue">Class indices.</param>
    /// <param name="yPred">Scores.</param>
    /// <returns>Per-sample 0/1.</returns>
    public static Tensor SparseCategoricalAccuracy(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor labels = Losses.LossFunctions.SparseLabels(yTrue, yPred);
        return s.Keep(Ops.Cast(Ops.Equal(labels, Ops.ArgMax(yPred, -1)), DType.Float32));
    }

    /// <summary>Whether argmax(y_true) is among the <paramref name="k"/> highest scores.</summary>
    /// <param name="yTrue">One-hot targets.</param>
    /// <param name="yPred">Scores.</param>
    /// <param name="k">How many top scores count.</param>
    /// <returns>Per-sample 0/1.</returns>
    public static Tensor TopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k = 5)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(InTopK(Ops.ArgMax(yTrue, -1), yPred, k));
    }

    /// <summary>Whether y_true (an index) is among the <paramref name="k"/> highest scores.</summary>
    /// <param name="yTrue">Class indices.</param>
    /// <param name="yPred">Scores.</param>
    /// <param name="k">How many top scores count.</param>
    /// <returns>Per-sample 0/1.</returns>
    public static Tensor SparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k = 5)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(InTopK(Losses.LossFunctions.SparseLabels(yTrue, yPred), yPred, k));
    }

    private static Tensor InTopK(Tensor labels, Tensor yPred, int k)
    {
        long classes = Ops.ShapeOf(yPred)[^1] ?? k;
        Tensor top = Ops.TopKIndices(yPred, (int)Math.Min(k, classes));
        Tensor hit = Ops.AnyLastAxis(Ops.Equal(top, Ops.ExpandDims(labels, -1)));
        return Ops.Cast(hit, DType.Float32);
    }
}
