// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Callbacks;

/// <summary>Per-batch logs reach callbacks that override a batch hook, as in Keras 3 (keras.io's LossHistory).</summary>
public sealed class BatchLogsTests : KerasTestBase
{
    [Fact]
    public void LossHistory_FromKerasIo_RecordsTheLossOfEveryBatch()
    {
        var inputs = new Input([3]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        model.Compile(optimizer: "sgd", loss: "mse", metrics: ["mae"]);
        using Tensor x = Ops.RandomNormal([64, 3], seed: 1);
        using Tensor y = Ops.RandomNormal([64, 1], seed: 2);
        var history = new LossHistory();

        var fit = model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, callbacks: [history], shuffle: false);

        // 4 batches per epoch; Keras 3's batch logs are the epoch's running means, so each epoch's last equals its log.
        Assert.Equal(8, history.Losses.Count);
        Assert.All(history.Losses, l => Assert.True(double.IsFinite(l)));
        Assert.Equal(fit["loss"][0], history.Losses[3], 12);
        Assert.Equal(fit["loss"][1], history.Losses[7], 12);
        Assert.Equal(fit["mae"][1], history.LastMae, 12);
    }

    [Fact]
    public void CallbackWithoutBatchHooks_DoesNotAskForBatchLogs()
    {
        Assert.False(new EpochOnly().Asks);
        Assert.True(new LossHistory().Asks);
    }

    /// <summary>keras.io: <c>on_train_begin</c> resets, <c>on_batch_end</c> appends <c>logs["loss"]</c>.</summary>
    private sealed class LossHistory : Callback
    {
        public List<double> Losses { get; } = [];

        public double LastMae { get; private set; }

        public bool Asks => NeedsBatchLogs;

        public override void OnTrainBegin(IDictionary<string, double> logs) => Losses.Clear();

        public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
        {
            Losses.Add(logs["loss"]);
            LastMae = logs["mae"];
        }
    }

    private sealed class EpochOnly : Callback
    {
        public bool Asks => NeedsBatchLogs;

        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
        {
        }
    }
}
