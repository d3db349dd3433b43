// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.TestSupport;
using Keras.Net.Training;

namespace Keras.Net.Tests.Training;

[Collection(TorchGlobalRandomCollection.Name)]
public sealed class FitTests : KerasTestBase
{
    private static (Tensor X, Tensor Y) LinearData(int n = 64)
    {
        // y = 2 x0 - 3 x1 + 1, exactly learnable by one Dense unit.
        var xs = new float[n * 2];
        var ys = new float[n];
        for (int i = 0; i < n; i++)
        {
            xs[2 * i] = (i % 8) / 8f;
            xs[(2 * i) + 1] = (i % 5) / 5f;
            ys[i] = (2 * xs[2 * i]) - (3 * xs[(2 * i) + 1]) + 1;
        }

        return (Ops.FromArray(xs, [n, 2]), Ops.FromArray(ys, [n, 1]));
    }

    private static Sequential Linear() => new([new Input([2]), new Dense(1)]);

    [Fact]
    public void Fit_SameSeedTwice_GivesIdenticalWeights()
    {
        float[] Train()
        {
            KerasBackend.ClearSession();
            KerasBackend.SetRandomSeed(123);
            var (x, y) = LinearData();
            using (x)
            using (y)
            {
                var model = new Sequential([new Input([2]), new Dense(8, activation: "relu"), new Dropout(0.2), new Dense(1)]);
                model.Compile(optimizer: "adam", loss: "mse");
                model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0);
                return model.Weights.SelectMany(w => w.ToArray()).ToArray();
            }
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Fit_LearnsALinearFunction_AndHistoryHasEveryEpoch()
    {
        KerasBackend.SetRandomSeed(1);
        var (x, y) = LinearData();
        using (x)
        using (y)
        {
            Sequential model = Linear();
            model.Compile(optimizer: new SGD(0.1), loss: "mse", metrics: ["mae"]);

            History history = model.Fit(x, y, batchSize: 8, epochs: 40, verbose: 0);

            Assert.Equal(Enumerable.Range(0, 40), history.Epoch);
            Assert.Equal(["loss", "mae"], history.Values.Keys);
            Assert.True(history["loss"][^1] < 1e-3, $"final loss {history["loss"][^1]}");
            float[] w = model.Weights.SelectMany(v => v.ToArray()).ToArray();
            Assert.Equal(2f, w[0], 1);
            Assert.Equal(-3f, w[1], 1);
            Assert.Equal(1f, w[2], 1);
            Assert.Same(history, model.History);
        }
    }

    [Fact]
    public void Fit_InitialEpoch_RunsTheRemainingEpochs()
    {
        var (x, y) = LinearData(16);
        using (x)
        using (y)
        {
            Sequential model = Linear();
            model.Compile(optimizer: "sgd", loss: "mse");

            History history = model.Fit(x, y, epochs: 5, initialEpoch: 3, verbose: 0);

            Assert.Equal([3, 4], history.Epoch);
            Assert.Equal(2, model.Optimizer!.Iterations);
        }
    }

    [Fact]
    public void Fit_ValidationSplitAndData_LogValPrefixedMetrics()
    {
        var (x, y) = LinearData(40);
        using (x)
        using (y)
        {
            Sequential model = Linear();
            model.Compile(optimizer: "sgd", loss: "mse", metrics: ["mae"]);

            History split = model.Fit(x, y, epochs: 1, verbose: 0, validationSplit: 0.25);
            long stepsWithSplit = model.Optimizer!.Iterations;
            History data = model.Fit(x, y, epochs: 1, verbose: 0, validationData: (x, y));

            Assert.Equal(["loss", "mae", "val_loss", "val_mae"], split.Values.Keys);
            // 30 training samples at batch 32: one step; then 40 samples: two more.
            Assert.Equal(1, stepsWithSplit);
            Assert.Equal(3, model.Optimizer.Iterations);
            IReadOnlyDictionary<string, double> evaluated = model.Evaluate(x, y, verbose: 0);
            Assert.Equal(evaluated["loss"], data["val_loss"][0], 4);
        }
    }

    [Fact]
    public void Evaluate_MatchesTheLossComputedDirectly()
    {
        var (x, y) = LinearData(50);
        using (x)
        using (y)
        {
            Sequential model = Linear();
            model.Compile(optimizer: "sgd", loss: "mse");

            IReadOnlyDictionary<string, double> result = model.Evaluate(x, y, batchSize: 7, verbose: 0);

            using Tensor pred = model.Predict(x);
            double direct = Ops.ToFloatArray(pred).Zip(Ops.ToFloatArray(y)).Average(p => (p.First - p.Second) * (p.First - p.Second));
            Assert.Equal(direct, result["loss"], 4);
        }
    }

    [Fact]
    public void SampleAndClassWeights_ScaleTheLoss()
    {
        using Tensor x = Ops.FromArray([1f, 1f], [2, 1]);
        using Tensor y = Ops.FromArray([0L, 1L], [2]);
        var model = new Sequential([new Input([1]), new Dense(2, activation: "softmax", kernelInitializer: "zeros")]);
        model.Compile(optimizer: new SGD(0.0), loss: "sparse_categorical_crossentropy");

        double plain = model.Fit(x, y, epochs: 1, verbose: 0, shuffle: false)["loss"][0];
        double weighted = model.Fit(x, y, epochs: 1, verbose: 0, shuffle: false, classWeight: new Dictionary<int, double> { [0] = 3.0 })["loss"][0];

        // Both samples have loss ln 2; weights 3 and 1 over 2 samples give 2 ln 2.
        Assert.Equal(Math.Log(2), plain, 5);
        Assert.Equal(2 * Math.Log(2), weighted, 5);
    }

    [Fact]
    public void TrainOnBatch_TestOnBatch_PredictOnBatch()
    {
        var (x, y) = LinearData(8);
        using (x)
        using (y)
        {
            Sequential model = Linear();
            model.Compile(optimizer: new SGD(0.1), loss: "mse");

            double before = model.TestOnBatch(x, y)["loss"];
            IReadOnlyDictionary<string, double> trained = model.TrainOnBatch(x, y);
            double after = model.TestOnBatch(x, y)["loss"];
            using Tensor p = model.PredictOnBatch(x);

            Assert.Equal(before, trained["loss"], 5);
            Assert.True(after < before);
            TensorAssert.Shape(p, 8, 1);
        }
    }

    [Fact]
    public void Fit_WithoutCompile_Throws()
    {
        var (x, y) = LinearData(4);
        using (x)
        using (y)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Linear().Fit(x, y, verbose: 0));
            Assert.Contains("Compile()", ex.Message);
        }
    }

    [Fact]
    public void Fit_MismatchedSampleCounts_ThrowsCardinalityError()
    {
        using Tensor x = Ops.Zeros([4, 2]);
        using Tensor y = Ops.Zeros([3, 1]);
        Sequential model = Linear();
        model.Compile(optimizer: "sgd", loss: "mse");

        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));

        Assert.Contains("Data cardinality is ambiguous", ex.Message);
    }

    [Fact]
    public void MultiInputMultiOutput_LogsPerOutputLossesAndMetrics()
    {
        var a = new Input([2], name: "a");
        var b = new Input([2], name: "b");
        KerasTensor merged = new Concatenate().Apply([a, b]);
        KerasTensor outReg = new Dense(1, name: "reg").Apply(merged);
        KerasTensor outCls = new Dense(3, activation: "softmax", name: "cls").Apply(merged);
        var model = new Model([a, b], [outReg, outCls]);
        model.Compile(optimizer: "adam", loss: new object[] { "mse", "sparse_categorical_crossentropy" }, metrics: ["accuracy"], lossWeights: [1.0, 0.5]);
        using Tensor xa = Ops.RandomUniform([10, 2], seed: 1), xb = Ops.RandomUniform([10, 2], seed: 2);
        using Tensor yReg = Ops.RandomUniform([10, 1], seed: 3);
        using Tensor yCls = Ops.FromArray(Enumerable.Range(0, 10).Select(i => (long)(i % 3)).ToArray(), [10]);

        History h = model.Fit([xa, xb], [yReg, yCls], epochs: 1, verbose: 0);

        Assert.Equal(["loss", "reg_loss", "cls_loss", "reg_accuracy", "cls_accuracy"], h.Values.Keys);
        Assert.Equal(h["reg_loss"][0] + (0.5 * h["cls_loss"][0]), h["loss"][0], 4);
    }

    private sealed class RangeDataset(Tensor x, Tensor y, int batch) : IDataset
    {
        public int? BatchCount => null;

        public bool OwnsBatches => true;

        public int Epochs { get; private set; }

        public IEnumerable<DataBatch> GetBatches(int epoch)
        {
            Epochs++;
            long n = Ops.ShapeOf(x)[0]!.Value;
            for (long s = 0; s < n; s += batch)
            {
                long len = Math.Min(batch, n - s);
                yield return new DataBatch([Ops.SliceRows(x, s, len)], [Ops.SliceRows(y, s, len)]);
            }
        }
    }

    [Fact]
    public void Fit_StreamingDataset_IsReadOncePerEpoch()
    {
        var (x, y) = LinearData(30);
        using (x)
        using (y)
        {
            var data = new RangeDataset(x, y, 10);
            Sequential model = Linear();
            model.Compile(optimizer: "sgd", loss: "mse");

            model.Fit(data, epochs: 3, verbose: 0);

            Assert.Equal(3, data.Epochs);
            Assert.Equal(9, model.Optimizer!.Iterations);
        }
    }
}
