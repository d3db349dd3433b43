// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Losses;

/// <summary>
/// Keras's loss functions (<c>keras.losses.mean_squared_error</c>, ...): each returns one value per sample,
/// reducing the last axis. Probabilities are clipped to [1e-7, 1 - 1e-7] as Keras's backend does.
/// </summary>
public static class LossFunctions
{
    /// <summary>Keras's fuzz factor <c>epsilon()</c>.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>mean((y_true - y_pred)^2, axis=-1).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor MeanSquaredError(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(Ops.Mean(Ops.Square(Ops.Subtract(yPred, yTrue)), [-1]));
    }

    /// <summary>mean(|y_true - y_pred|, axis=-1).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor MeanAbsoluteError(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(Ops.Mean(Ops.Abs(Ops.Subtract(yPred, yTrue)), [-1]));
    }

    /// <summary>100 * mean(|(y_true - y_pred) / max(|y_true|, eps)|, axis=-1).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor MeanAbsolutePercentageError(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor denom = Ops.ClipMin(Ops.Abs(yTrue), Epsilon);
        return s.Keep(Ops.Multiply(Ops.Mean(Ops.Abs(Ops.Divide(Ops.Subtract(yTrue, yPred), denom)), [-1]), 100.0));
    }

    /// <summary>mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2, axis=-1).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor MeanSquaredLogarithmicError(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor a = Ops.Log(Ops.Add(Ops.ClipMin(yPred, Epsilon), 1.0));
        Tensor b = Ops.Log(Ops.Add(Ops.ClipMin(yTrue, Epsilon), 1.0));
        return s.Keep(Ops.Mean(Ops.Square(Ops.Subtract(a, b)), [-1]));
    }

    /// <summary>Binary cross-entropy, mean over the last axis.</summary>
    /// <param name="yTrue">Targets in [0, 1].</param>
    /// <param name="yPred">Probabilities, or logits with <paramref name="fromLogits"/>.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits.</param>
    /// <param name="labelSmoothing">Squeezes targets towards 0.5.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor BinaryCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, double labelSmoothing = 0.0)
    {
        using TensorScope s = Ops.NewScope();
        Tensor t = labelSmoothing > 0 ? Ops.Add(Ops.Multiply(yTrue, 1.0 - labelSmoothing), 0.5 * labelSmoothing) : yTrue;
        Tensor bce;
        if (fromLogits)
        {
            // max(x, 0) - x * z + log(1 + exp(-|x|))
            bce = Ops.Add(Ops.Subtract(Ops.Relu(yPred), Ops.Multiply(yPred, t)), Ops.Log(Ops.Add(Ops.Exp(Ops.Negative(Ops.Abs(yPred))), 1.0)));
        }
        else
        {
            Tensor p = Ops.Clip(yPred, Epsilon, 1 - Epsilon);
            Tensor pos = Ops.Multiply(t, Ops.Log(Ops.Add(p, Epsilon)));
            Tensor neg = Ops.Multiply(Ops.Add(Ops.Negative(t), 1.0), Ops.Log(Ops.Add(Ops.Add(Ops.Negative(p), 1.0), Epsilon)));
            bce = Ops.Negative(Ops.Add(pos, neg));
        }

        return s.Keep(Ops.Mean(bce, [-1]));
    }

    /// <summary>Categorical cross-entropy over the last axis (one-hot targets).</summary>
    /// <param name="yTrue">One-hot (or soft) targets.</param>
    /// <param name="yPred">Probabilities (renormalized), or logits with <paramref name="fromLogits"/>.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits.</param>
    /// <param name="labelSmoothing">Mixes targets with the uniform distribution.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor CategoricalCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, double labelSmoothing = 0.0)
    {
        using TensorScope s = Ops.NewScope();
        Tensor t = yTrue;
        if (labelSmoothing > 0)
        {
            long classes = Ops.ShapeOf(yPred)[^1] ?? 1;
            t = Ops.Add(Ops.Multiply(yTrue, 1.0 - labelSmoothing), labelSmoothing / classes);
        }

        Tensor logProbs = fromLogits
            ? Ops.LogSoftmax(yPred, -1)
            : Ops.Log(Ops.Clip(Ops.Divide(yPred, Ops.Sum(yPred, [-1], keepDims: true)), Epsilon, 1 - Epsilon));
        return s.Keep(Ops.Negative(Ops.Sum(Ops.Multiply(t, logProbs), [-1])));
    }

    /// <summary>Sparse categorical cross-entropy: integer targets (shape <c>(batch,)</c> or <c>(batch, 1)</c>).</summary>
    /// <param name="yTrue">Class indices.</param>
    /// <param name="yPred">Probabilities, or logits with <paramref name="fromLogits"/>.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor SparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false)
    {
        // Keras: probabilities are clipped and logged, then treated as logits (so they are renormalized).
        using TensorScope s = Ops.NewScope();
        Tensor logits = fromLogits ? yPred : Ops.Log(Ops.Clip(yPred, Epsilon, 1 - Epsilon));
        return s.Keep(Ops.SparseSoftmaxCrossEntropy(logits, SparseLabels(yTrue, yPred)));
    }

    /// <summary>Huber loss: 0.5 x^2 for |x| &lt;= delta, else delta * |x| - 0.5 delta^2; mean over the last axis.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="delta">The threshold.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor Huber(Tensor yTrue, Tensor yPred, double delta = 1.0)
    {
        using TensorScope s = Ops.NewScope();
        Tensor error = Ops.Subtract(yPred, yTrue);
        Tensor abs = Ops.Abs(error);
        Tensor quadratic = Ops.Multiply(Ops.Square(error), 0.5);
        Tensor linear = Ops.Add(Ops.Multiply(abs, delta), -0.5 * delta * delta);
        return s.Keep(Ops.Mean(Ops.Where(Ops.LessEqual(abs, delta), quadratic, linear), [-1]));
    }

    /// <summary>mean(log(cosh(y_pred - y_true)), axis=-1), computed as x + softplus(-2x) - log 2.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor LogCosh(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor x = Ops.Subtract(yPred, yTrue);
        Tensor v = Ops.Add(Ops.Add(x, Ops.Softplus(Ops.Multiply(x, -2.0))), -Math.Log(2.0));
        return s.Keep(Ops.Mean(v, [-1]));
    }

    /// <summary>mean(max(1 - y_true * y_pred, 0), axis=-1); 0/1 targets become -1/1.</summary>
    /// <param name="yTrue">Targets (-1/1 or 0/1).</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor Hinge(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor t = SignedLabels(yTrue);
        return s.Keep(Ops.Mean(Ops.Relu(Ops.Add(Ops.Negative(Ops.Multiply(t, yPred)), 1.0)), [-1]));
    }

    /// <summary>mean(max(1 - y_true * y_pred, 0)^2, axis=-1); 0/1 targets become -1/1.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor SquaredHinge(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor t = SignedLabels(yTrue);
        return s.Keep(Ops.Mean(Ops.Square(Ops.Relu(Ops.Add(Ops.Negative(Ops.Multiply(t, yPred)), 1.0))), [-1]));
    }

    /// <summary>max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0).</summary>
    /// <param name="yTrue">One-hot targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor CategoricalHinge(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor pos = Ops.Sum(Ops.Multiply(yTrue, yPred), [-1]);
        Tensor neg = Ops.Max(Ops.Multiply(Ops.Add(Ops.Negative(yTrue), 1.0), yPred), -1);
        return s.Keep(Ops.Relu(Ops.Add(Ops.Subtract(neg, pos), 1.0)));
    }

    /// <summary>sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [eps, 1].</summary>
    /// <param name="yTrue">Target distribution.</param>
    /// <param name="yPred">Predicted distribution.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor KLDivergence(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        Tensor t = Ops.Clip(yTrue, Epsilon, 1);
        Tensor p = Ops.Clip(yPred, Epsilon, 1);
        return s.Keep(Ops.Sum(Ops.Multiply(t, Ops.Log(Ops.Divide(t, p))), [-1]));
    }

    /// <summary>mean(y_pred - y_true * log(y_pred + eps), axis=-1).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predicted rates.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor Poisson(Tensor yTrue, Tensor yPred)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(Ops.Mean(Ops.Subtract(yPred, Ops.Multiply(yTrue, Ops.Log(Ops.Add(yPred, Epsilon)))), [-1]));
    }

    /// <summary>-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>Per-sample losses.</returns>
    public static Tensor CosineSimilarity(Tensor yTrue, Tensor yPred, int axis = -1)
    {
        using TensorScope s = Ops.NewScope();
        return s.Keep(Ops.Negative(Ops.Sum(Ops.Multiply(L2Normalize(yTrue, axis), L2Normalize(yPred, axis)), [axis])));
    }

    internal static Tensor L2Normalize(Tensor x, int axis)
    {
        using TensorScope s = Ops.NewScope();
        Tensor sq = Ops.Sum(Ops.Square(x), [axis], keepDims: true);
        return s.Keep(Ops.Divide(x, Ops.Sqrt(Ops.ClipMin(sq, 1e-12))));
    }

    /// <summary>Integer labels shaped like <paramref name="yPred"/> without its last axis.</summary>
    internal static Tensor SparseLabels(Tensor yTrue, Tensor yPred)
    {
        Tensor labels = Ops.DTypeOf(yTrue).Equals(DType.Int64) ? yTrue : Ops.Cast(yTrue, DType.Int64);
        int predRank = Ops.ShapeOf(yPred).Rank;
        if (Ops.ShapeOf(labels).Rank == predRank && Ops.ShapeOf(labels)[^1] == 1)
        {
            labels = Ops.Squeeze(labels, -1);
        }

        return labels;
    }

    private static Tensor SignedLabels(Tensor yTrue)
    {
        // Keras converts {0, 1} labels to {-1, 1}; labels already in {-1, 1} pass unchanged.
        bool binary = Ops.AllIn01(yTrue);
        return binary ? Ops.Add(Ops.Multiply(yTrue, 2.0), -1.0) : yTrue;
    }
}
