// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Metrics;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Metrics;

/// <summary>Metric state across batches, against counts worked out by hand and Keras's documentation examples.</summary>
public sealed class MetricTests : KerasTestBase
{
    private static Tensor V(params float[] values) => Ops.FromArray(values, [values.Length]);

    private static Tensor M(params float[][] rows) => Ops.FromArray(rows);

    [Fact]
    public void Mean_AccumulatesAcrossBatches_WithWeights_AndResets()
    {
        var mean = new Mean();
        using Tensor a = V(1, 2, 3), b = V(4), w = V(1, 0, 1);

        mean.UpdateState(a, w);
        mean.UpdateState(b);

        Assert.Equal((1 + 3 + 4) / 3.0, mean.ResultValue(), 6);
        mean.ResetState();
        Assert.Equal(0.0, mean.ResultValue());
    }

    [Fact]
    public void BinaryAccuracy_TwoBatches()
    {
        var m = new BinaryAccuracy();
        using Tensor t1 = M([1], [1], [0], [0]), p1 = M([0.98f], [1], [0], [0.6f]);
        using Tensor t2 = M([1], [0]), p2 = M([0.2f], [0.1f]);

        m.UpdateState(t1, p1);
        Assert.Equal(0.75, m.ResultValue(), 6);
        m.UpdateState(t2, p2);

        Assert.Equal(4.0 / 6.0, m.ResultValue(), 6);
    }

    [Fact]
    public void CategoricalSparseAndTopKAccuracy()
    {
        using Tensor onehot = M([0, 0, 1], [0, 1, 0]), p = M([0.1f, 0.9f, 0.8f], [0.05f, 0.95f, 0]);
        using Tensor sparse = V(2, 1);
        var cat = new CategoricalAccuracy();
        var sp = new SparseCategoricalAccuracy();
        var top = new TopKCategoricalAccuracy(k: 2);

        cat.UpdateState(onehot, p);
        sp.UpdateState(sparse, p);
        top.UpdateState(onehot, p);

        Assert.Equal(0.5, cat.ResultValue(), 6);
        Assert.Equal(0.5, sp.ResultValue(), 6);
        Assert.Equal(1.0, top.ResultValue(), 6);
    }

    [Fact]
    public void MaeMseRmse()
    {
        using Tensor t = M([0, 1], [0, 0]), p = M([1, 1], [0, 0]);
        var mae = new MeanAbsoluteError();
        var mse = new MeanSquaredError();
        var rmse = new RootMeanSquaredError();

        mae.UpdateState(t, p);
        mse.UpdateState(t, p);
        rmse.UpdateState(t, p);

        Assert.Equal(0.25, mae.ResultValue(), 6);
        Assert.Equal(0.25, mse.ResultValue(), 6);
        Assert.Equal(0.5, rmse.ResultValue(), 6);
    }

    [Fact]
    public void PrecisionRecall_KerasExamples()
    {
        using Tensor t = V(0, 1, 1, 1), p = V(1, 0, 1, 1);
        var precision = new Precision();
        var recall = new Recall();

        precision.UpdateState(t, p);
        recall.UpdateState(t, p);

        Assert.Equal(2.0 / 3.0, precision.ResultValue(), 5);
        Assert.Equal(2.0 / 3.0, recall.ResultValue(), 5);
        Assert.Equal("precision", precision.Name);
        Assert.Equal("precision_1", new Precision().Name);
    }

    [Fact]
    public void Precision_SampleWeightsCount()
    {
        using Tensor t = V(0, 1, 1, 1), p = V(1, 0, 1, 1), w = V(0, 0, 1, 0);
        var precision = new Precision();

        precision.UpdateState(t, p, w);

        Assert.Equal(1.0, precision.ResultValue(), 5);
    }

    [Fact]
    public void AUC_KerasExample_AndPerfectRanking()
    {
        using Tensor t = V(0, 0, 1, 1), p = V(0, 0.5f, 0.3f, 0.9f);
        var auc = new AUC(numThresholds: 3);
        auc.UpdateState(t, p);
        Assert.Equal(0.75, auc.ResultValue(), 5);

        var fine = new AUC();
        using Tensor pp = V(0.1f, 0.2f, 0.7f, 0.8f);
        fine.UpdateState(t, pp);
        Assert.Equal(1.0, fine.ResultValue(), 5);
    }

    [Fact]
    public void Get_ResolvesAccuracyFromShapesAndLoss()
    {
        Assert.IsType<BinaryAccuracy>(Metric.Get("accuracy", new Shape([null, 1]), new Shape([null, 1])));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.Get("accuracy", new Shape([null]), new Shape([null, 10])));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.Get("acc", new Shape([null, 1]), new Shape([null, 10])));
        Assert.IsType<CategoricalAccuracy>(Metric.Get("accuracy", new Shape([null, 10]), new Shape([null, 10])));
        Assert.IsType<BinaryAccuracy>(Metric.Get("accuracy", new Shape([null, 3]), new Shape([null, 3]), isBinaryLoss: true));
        Assert.Equal("acc", Metric.Get("acc", new Shape([null, 1]), new Shape([null, 1])).Name);
        Assert.Throws<ArgumentException>(() => Metric.Get("nope"));
    }

    [Fact]
    public void Mean_IsNotComputedFromPredictions()
    {
        using Tensor t = V(1);

        Assert.Throws<NotSupportedException>(() => ((Metric)new Mean()).UpdateState(t, t));
    }
}
