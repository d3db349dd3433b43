// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Losses;

namespace Keras.Net.Tests.Losses;

/// <summary>Losses against the values in Keras's documentation examples and the formulas evaluated by hand.</summary>
public sealed class LossTests
{
    private static Tensor T(params float[][] rows) => Ops.FromArray(rows);

    private static double Value(Loss loss, Tensor yTrue, Tensor yPred, Tensor? w = null)
    {
        using Tensor v = loss.Compute(yTrue, yPred, w);
        return Ops.ToScalar(v);
    }

    private static readonly float[][] T01 = [[0, 1], [0, 0]];
    private static readonly float[][] P64 = [[0.6f, 0.4f], [0.4f, 0.6f]];

    [Fact]
    public void MeanSquaredAndAbsoluteError()
    {
        using Tensor t = T(T01), p = T([1, 1], [1, 0]);

        Assert.Equal(0.5, Value(new MeanSquaredError(), t, p), 6);
        Assert.Equal(0.5, Value(new MeanAbsoluteError(), t, p), 6);
        Assert.Equal(0.5, Value(Loss.Get("mse"), t, p), 6);
    }

    [Fact]
    public void MeanAbsolutePercentageError()
    {
        using Tensor t = T([2, 4]), p = T([1, 2]);

        Assert.Equal(50.0, Value(new MeanAbsolutePercentageError(), t, p), 4);
    }

    [Fact]
    public void MeanSquaredLogarithmicError()
    {
        using Tensor t = T(T01), p = T([1, 1], [1, 0]);
        double l2 = Math.Log(2) * Math.Log(2);

        Assert.Equal(((l2 / 2) + (l2 / 2)) / 2, Value(new MeanSquaredLogarithmicError(), t, p), 5);
    }

    [Fact]
    public void BinaryCrossentropy_ProbabilitiesLogitsAndSmoothing()
    {
        using Tensor t = T(T01), p = T(P64);
        double Bce(double y, double q) => -((y * Math.Log(q + 1e-7)) + ((1 - y) * Math.Log(1 - q + 1e-7)));
        double expected = ((Bce(0, 0.6) + Bce(1, 0.4)) / 2 + (Bce(0, 0.4) + Bce(0, 0.6)) / 2) / 2;

        Assert.Equal(expected, Value(new BinaryCrossentropy(), t, p), 5);
        Assert.Equal(0.815, Value(new BinaryCrossentropy(), t, p), 3);

        using Tensor tl = T([0, 1, 0, 0]), logits = T([-18.6f, 0.51f, 2.94f, -12.8f]);
        Assert.Equal(0.865, Value(new BinaryCrossentropy(fromLogits: true), tl, logits), 3);

        // Smoothing 0.2 moves targets to 0.1 / 0.9.
        double smoothed = ((Bce(0.1, 0.6) + Bce(0.9, 0.4)) / 2 + (Bce(0.1, 0.4) + Bce(0.1, 0.6)) / 2) / 2;
        Assert.Equal(smoothed, Value(new BinaryCrossentropy(labelSmoothing: 0.2), t, p), 5);
    }

    [Fact]
    public void CategoricalAndSparseCrossentropy()
    {
        using Tensor t = T([0, 1, 0], [0, 0, 1]), p = T([0.05f, 0.95f, 0], [0.1f, 0.8f, 0.1f]);
        using Tensor sparse = Ops.FromArray([1L, 2L], [2]);
        double expected = (-Math.Log(0.95) - Math.Log(0.1)) / 2;

        Assert.Equal(expected, Value(new CategoricalCrossentropy(), t, p), 5);
        Assert.Equal(1.177, Value(new CategoricalCrossentropy(), t, p), 3);
        Assert.Equal(expected, Value(new SparseCategoricalCrossentropy(), sparse, p), 5);

        using Tensor logits = T([1, 2, 3], [1, 1, 1]);
        double lse1 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), lse2 = Math.Log(3 * Math.E);
        double fromLogits = ((lse1 - 2) + (lse2 - 1)) / 2;
        Assert.Equal(fromLogits, Value(new CategoricalCrossentropy(fromLogits: true), t, logits), 5);
        Assert.Equal(fromLogits, Value(new SparseCategoricalCrossentropy(fromLogits: true), sparse, logits), 5);
    }

    [Fact]
    public void HuberLogCoshHinges()
    {
        using Tensor t = T(T01), p = T(P64);

        Assert.Equal(0.155, Value(new Huber(), t, p), 3);
        using (Tensor p11 = T([1, 1], [0, 0]))
        {
            Assert.Equal(0.108, Value(new LogCosh(), t, p11), 3);
            Assert.Equal(Math.Log(Math.Cosh(1)) / 4, Value(new LogCosh(), t, p11), 5);
        }

        Assert.Equal(1.3, Value(new Hinge(), t, p), 5);
        Assert.Equal(1.86, Value(new SquaredHinge(), t, p), 5);
        Assert.Equal(1.4, Value(new CategoricalHinge(), t, p), 5);
    }

    [Fact]
    public void KLDivergencePoissonCosine()
    {
        using Tensor t = T(T01), p = T(P64);
        using Tensor pp = T([1, 1], [0, 0]);
        using Tensor ct = T([0, 1], [1, 1]), cp = T([1, 0], [1, 1]);

        Assert.Equal(0.458, Value(new KLDivergence(), t, p), 3);
        Assert.Equal(0.5, Value(new Poisson(), t, pp), 5);
        Assert.Equal(-0.5, Value(new CosineSimilarity(), ct, cp), 5);
    }

    [Fact]
    public void SampleWeight_AndReductions()
    {
        using Tensor t = T(T01), p = T([1, 1], [1, 0]);
        using Tensor w = Ops.FromArray([0.8f, 0.2f], [2]);

        // Per-sample [0.5, 0.5] weighted by [0.8, 0.2], summed, divided by the 2 samples.
        Assert.Equal(0.25, Value(new MeanSquaredError(), t, p, w), 6);
        Assert.Equal(1.0, Value(new MeanSquaredError(reduction: "sum"), t, p), 6);
        using Tensor none = new MeanSquaredError(reduction: "none").Compute(t, p);
        Assert.Equal([0.5f, 0.5f], Ops.ToFloatArray(none));
        Assert.Throws<ArgumentException>(() => new MeanSquaredError(reduction: "mean"));
    }

    [Fact]
    public void Get_ResolvesNamesAndRejectsUnknown()
    {
        Assert.IsType<SparseCategoricalCrossentropy>(Loss.Get("sparse_categorical_crossentropy"));
        Assert.IsType<Huber>(Loss.Get("huber"));
        Assert.IsType<KLDivergence>(Loss.Get("kld"));
        Assert.Equal("mse", Loss.Get("mse").Name);
        Assert.Equal("mean_squared_error", new MeanSquaredError().Name);
        var ex = Assert.Throws<ArgumentException>(() => Loss.Get("nope"));
        Assert.Contains("Could not interpret loss identifier: nope", ex.Message);
    }
}
