// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Callbacks;

[Collection(TorchGlobalRandomCollection.Name)]
public sealed class CheckpointCallbackTests : KerasTestBase
{
    private static (Tensor X, Tensor Y) Data()
    {
        var xs = Enumerable.Range(0, 32).Select(i => i / 32f).ToArray();
        return (Ops.FromArray(xs, [32, 1]), Ops.FromArray(xs.Select(v => (2 * v) - 1).ToArray(), [32, 1]));
    }

    private static Sequential Compiled()
    {
        var model = new Sequential([new Input([1]), new Dense(4, activation: "tanh"), new Dense(1)]);
        model.Compile(optimizer: new Adam(0.01), loss: "mse");
        return model;
    }

    private sealed class ScriptedValLoss(double[] values) : Callback
    {
        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => logs["val_loss"] = values[epoch];
    }

    [Fact]
    public void ModelCheckpoint_FormatsFileNames_AndSavesLoadableModels()
    {
        using var dir = new TempDirectory();
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Compiled();
            var ckpt = new ModelCheckpoint(Path.Combine(dir.Path, "model-{epoch:02d}-{loss:.3f}.h5"));

            History h = model.Fit(x, y, epochs: 2, verbose: 0, callbacks: [ckpt]);

            Assert.Equal(2, ckpt.Saved.Count);
            Assert.EndsWith($"model-01-{h["loss"][0].ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}.h5", ckpt.Saved[0], StringComparison.Ordinal);
            Model loaded = Model.Load(ckpt.Saved[1]);
            Assert.Equal(model.Weights.Select(w => w.ToArray()), loaded.Weights.Select(w => w.ToArray()));
            Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
        }
    }

    [Fact]
    public void ModelCheckpoint_SaveBestOnly_SavesOnlyImprovements_WeightsOnly()
    {
        using var dir = new TempDirectory();
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Compiled();
            var ckpt = new ModelCheckpoint(Path.Combine(dir.Path, "best-{epoch}.h5"), saveBestOnly: true, saveWeightsOnly: true);

            model.Fit(x, y, epochs: 4, verbose: 0, callbacks: [new ScriptedValLoss([3, 1, 2, 0.5]), ckpt]);

            Assert.Equal(["best-1.h5", "best-2.h5", "best-4.h5"], ckpt.Saved.Select(Path.GetFileName));
            Assert.Equal(0.5, ckpt.Best);
            Sequential other = Compiled();
            other.LoadWeights(ckpt.Saved[^1]).AssertConsumed();
            Assert.Equal(model.Weights.Select(w => w.ToArray()), other.Weights.Select(w => w.ToArray()));
        }
    }

    [Fact]
    public void ModelCheckpoint_UnknownField_FailsWithKerasMessage()
    {
        using var dir = new TempDirectory();
        var (x, y) = Data();
        using (x)
        using (y)
        {
            Sequential model = Compiled();
            var ex = Assert.Throws<KeyNotFoundException>(() => model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new ModelCheckpoint(Path.Combine(dir.Path, "{nope}.h5"))]));
            Assert.Contains("Failed to format this callback filepath", ex.Message);
        }
    }

    private sealed class Interrupt(int atEpoch) : Callback
    {
        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
        {
            if (epoch == atEpoch)
            {
                throw new OperationCanceledException("simulated crash");
            }
        }
    }

    [Fact]
    public void BackupAndRestore_ResumesAfterAnInterruption_AsIfUninterrupted()
    {
        using var dir = new TempDirectory();
        var (x, y) = Data();
        using (x)
        using (y)
        {
            KerasBackend.SetRandomSeed(5);
            Sequential straight = Compiled();
            straight.Fit(x, y, batchSize: 8, epochs: 4, verbose: 0, shuffle: false);

            KerasBackend.SetRandomSeed(5);
            Sequential crashing = Compiled();
            string backup = Path.Combine(dir.Path, "backup");
            Assert.Throws<OperationCanceledException>(() =>
                crashing.Fit(x, y, batchSize: 8, epochs: 4, verbose: 0, shuffle: false, callbacks: [new BackupAndRestore(backup), new Interrupt(1)]));

            KerasBackend.SetRandomSeed(99);
            Sequential restarted = Compiled();
            History h = restarted.Fit(x, y, batchSize: 8, epochs: 4, verbose: 0, shuffle: false, callbacks: [new BackupAndRestore(backup)]);

            Assert.Equal([2, 3], h.Epoch);
            for (int i = 0; i < straight.Weights.Count; i++)
            {
                Assert.All(straight.Weights[i].ToArray().Zip(restarted.Weights[i].ToArray()), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-6));
            }

            Assert.False(File.Exists(Path.Combine(backup, "backup.h5")));
        }
    }
}
