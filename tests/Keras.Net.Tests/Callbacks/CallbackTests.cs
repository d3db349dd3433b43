// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Callbacks;

public sealed class CallbackTests : KerasTestBase
{
    private static (Tensor X, Tensor Y) Data()
    {
        var xs = Enumerable.Range(0, 32).Select(i => i / 32f).ToArray();
        return (Ops.FromArray(xs, [32, 1]), Ops.FromArray(xs.Select(v => (3 * v) + 1).ToArray(), [32, 1]));
    }

    private static Sequential Model1() => new([new Input([1]), new Dense(1, kernelInitializer: "zeros")]);

    /// <summary>Logs fixed per-epoch values so callbacks can be driven deterministically.</summary>
    private sealed class ScriptedLoss(double[] values) : Callback
    {
        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => logs["val_loss"] = values[Math.Min(epoch, values.Length - 1)];
    }

    [Fact]
    public void EarlyStopping_StopsAfterPatience_AndRestoresBestWeights()
    {
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Model1();
            model.Compile(optimizer: new SGD(0.1), loss: "mse");
            float[]? bestKernel = null;
            var snapshot = new LambdaCallback { OnEpochEndAction = (e, _) => { if (e == 1) { bestKernel = model.Weights[0].ToArray(); } } };
            var stop = new EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true);

            History h = model.Fit(x, y, epochs: 20, verbose: 0, callbacks: [new ScriptedLoss([5, 1, 2, 3, 4, 0.5]), snapshot, stop]);

            // Best at epoch 1; epochs 2 and 3 do not improve; stop at epoch 3.
            Assert.Equal([0, 1, 2, 3], h.Epoch);
            Assert.Equal(3, stop.StoppedEpoch);
            Assert.Equal(1, stop.BestEpoch);
            Assert.Equal(bestKernel, model.Weights[0].ToArray());
        }
    }

    [Fact]
    public void EarlyStopping_ModeAutoMaximizesAccuracy()
    {
        var stop = new EarlyStopping(monitor: "val_accuracy", minDelta: 0.1);

        Assert.Equal(0.1, stop.MinDelta);
        Assert.Equal(-0.1, new EarlyStopping(minDelta: 0.1).MinDelta);
    }

    [Fact]
    public void ReduceLROnPlateau_ReducesAfterPatience_AndLogsLr()
    {
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Model1();
            model.Compile(optimizer: new SGD(1.0), loss: "mse");
            var reduce = new ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1, minLr: 0.2);

            History h = model.Fit(x, y, epochs: 5, verbose: 0, callbacks: [new ScriptedLoss([1, 1, 1, 1, 1]), reduce]);

            // Epoch 0 sets the best; epochs 1..4 each exhaust patience 1: 1 -> 0.5 -> 0.25 -> 0.2 (floor) -> 0.2.
            Assert.Equal([1.0, 1.0, 0.5, 0.25, 0.2], h["lr"]);
            Assert.Equal(0.2, model.Optimizer!.LearningRate, 10);
            Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1.0));
        }
    }

    [Fact]
    public void LearningRateScheduler_SetsTheRateEachEpoch()
    {
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Model1();
            model.Compile(optimizer: new SGD(0.1), loss: "mse");

            History h = model.Fit(x, y, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 0 ? lr : lr / 10)]);

            Assert.Equal(0.1, h["lr"][0], 10);
            Assert.Equal(0.01, h["lr"][1], 10);
            Assert.Equal(0.001, h["lr"][2], 10);
        }
    }

    [Fact]
    public void CSVLogger_WritesHeaderAndRows_AndAppends()
    {
        var (x, y) = Data();
        string path = Path.Combine(Path.GetTempPath(), $"kerasnet-{Guid.NewGuid():N}.csv");
        using (x)
        using (y)
        {
            try
            {
                Sequential model = Model1();
                model.Compile(optimizer: new SGD(0.1), loss: "mse", metrics: ["mae"]);
                History h = model.Fit(x, y, epochs: 2, verbose: 0, callbacks: [new CSVLogger(path)]);
                model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new CSVLogger(path, append: true)]);

                string[] lines = File.ReadAllLines(path);
                Assert.Equal("epoch,loss,mae", lines[0]);
                Assert.Equal(4, lines.Length);
                Assert.Equal(h["loss"][1], double.Parse(lines[2].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), 12);
                Assert.StartsWith("0,", lines[3], StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void TerminateOnNaN_StopsOnTheFirstBadBatch()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 4f], [4, 1]);
        using Tensor y = Ops.FromArray([float.NaN, 1f, 1f, 1f], [4, 1]);
        Sequential model = Model1();
        model.Compile(optimizer: new SGD(0.1), loss: "mse");
        using var log = new StringWriter();
        int batches = 0;
        var count = new LambdaCallback { OnBatchEndAction = (_, _) => batches++ };

        model.Fit(x, y, batchSize: 1, epochs: 3, verbose: 0, shuffle: false, callbacks: [new TerminateOnNaN(log), count]);

        Assert.Equal(1, batches);
        Assert.Contains("Batch 0: Invalid loss, terminating training", log.ToString());
    }

    [Fact]
    public void LambdaCallback_SeesEveryHookInOrder()
    {
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Model1();
            model.Compile(optimizer: "sgd", loss: "mse");
            var events = new List<string>();
            var cb = new LambdaCallback
            {
                OnTrainBeginAction = _ => events.Add("train_begin"),
                OnEpochBeginAction = (e, _) => events.Add($"epoch_begin {e}"),
                OnBatchEndAction = (b, logs) => events.Add($"batch_end {b} {logs.ContainsKey("loss")}"),
                OnEpochEndAction = (e, logs) => events.Add($"epoch_end {e} {logs.ContainsKey("loss")}"),
                OnTrainEndAction = _ => events.Add("train_end"),
            };

            model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0, callbacks: [cb]);

            Assert.Equal(["train_begin", "epoch_begin 0", "batch_end 0 True", "batch_end 1 True", "epoch_end 0 True", "train_end"], events);
        }
    }
}
