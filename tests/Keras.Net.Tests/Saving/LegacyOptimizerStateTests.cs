// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Keras 2.1.3-2.3's Adam (standalone Keras <c>optimizers.py</c>): <c>self.weights = [self.iterations] + ms + vs +
/// vhats</c>, where without AMSGrad each v-hat is a <c>K.zeros(1)</c> placeholder; the names are
/// <c>Adam/iterations:0</c> and unnamed <c>training/Adam/Variable_N:0</c>, so only the positions say what each is.
/// </summary>
public sealed class LegacyOptimizerStateTests : KerasTestBase
{
    private const string Config = """{"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [{"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "batch_input_shape": [null, 3], "dtype": "float32", "units": 2, "activation": "linear", "use_bias": true}}]}}""";

    private const string Training = """{"optimizer_config": {"class_name": "Adam", "config": {"lr": 0.001, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0, "epsilon": 1e-07, "amsgrad": false}}, "loss": "mse", "metrics": [], "sample_weight_mode": null, "loss_weights": null}""";

    private static readonly float[,] MKernel = { { 1, 2 }, { 3, 4 }, { 5, 6 } }, VKernel = { { 7, 8 }, { 9, 10 }, { 11, 12 } };
    private static readonly float[] MBias = [13, 14], VBias = [15, 16];

    private static LegacyH5Builder File((string, object)[] optimizerWeights) =>
        new LegacyH5Builder(Config, "2.2.4")
        {
            TrainingConfig = Training,
            OptimizerWeights = optimizerWeights,
        }.Layer("dense_1", ("dense_1/kernel:0", new float[3, 2]), ("dense_1/bias:0", new float[2]));

    [Fact]
    public void Keras22Adam_WithPlaceholderVelocityHats_RestoresIterationsMomentsAndVelocities()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.h5");
        File([
            ("Adam/iterations:0", 7L),
            ("training/Adam/Variable:0", MKernel), ("training/Adam/Variable_1:0", MBias),
            ("training/Adam/Variable_2:0", VKernel), ("training/Adam/Variable_3:0", VBias),
            ("training/Adam/Variable_4:0", new float[] { 0 }), ("training/Adam/Variable_5:0", new float[] { 0 }),
        ]).Write(path);

        using Model model = Model.Load(path);

        Optimizer adam = model.Optimizer!;
        Variable kernel = model.Layers[0].Weights[0], bias = model.Layers[0].Weights[1];
        Assert.Equal(7, adam.Iterations);
        Assert.Equal([1f, 2, 3, 4, 5, 6], adam.SlotsFor(kernel)[0].ToArray());
        Assert.Equal([7f, 8, 9, 10, 11, 12], adam.SlotsFor(kernel)[1].ToArray());
        Assert.Equal(MBias, adam.SlotsFor(bias)[0].ToArray());
        Assert.Equal(VBias, adam.SlotsFor(bias)[1].ToArray());
    }

    [Fact]
    public void TrailingValuesThatAreNotPlaceholders_LeaveAFreshOptimizer()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.h5");
        File([
            ("Adam/iterations:0", 7L),
            ("training/Adam/Variable:0", MKernel), ("training/Adam/Variable_1:0", MBias),
            ("training/Adam/Variable_2:0", VKernel), ("training/Adam/Variable_3:0", VBias),
            ("training/Adam/Variable_4:0", MKernel), ("training/Adam/Variable_5:0", MBias),
        ]).Write(path);

        using Model model = Model.Load(path);

        Assert.Equal(0, model.Optimizer!.Iterations);
    }

    [FixtureFact]
    public void Keras3LegacyH5_ListsIterationLearningRateThenSlots_AndRestoresThem()
    {
        // keras3/legacy-h5/k370: weight_names "adam/iteration", "adam/learning_rate",
        // "adam/sequential_dense_kernel_momentum", "adam/sequential_dense_kernel_velocity", ... (Keras's own names).
        string path = Fixtures.PathOf("keras3/legacy-h5/k370_iris_seq_dense_adam.h5");
        using var h5 = H5File.OpenRead(path);

        using Model model = Model.Load(path);

        Optimizer adam = model.Optimizer!;
        Assert.Equal(1500, adam.Iterations);
        Assert.Equal(0.001, adam.LearningRate, 1e-9);
        Variable kernel = model.Layers[0].Weights[0], lastBias = model.Layers[^1].Weights[1];
        Assert.Equal(h5.Dataset("optimizer_weights/adam/sequential_dense_kernel_momentum").Read<float[]>(), adam.SlotsFor(kernel)[0].ToArray());
        Assert.Equal(h5.Dataset("optimizer_weights/adam/sequential_dense_2_bias_velocity").Read<float[]>(), adam.SlotsFor(lastBias)[1].ToArray());
    }

    [FixtureTheory]
    [InlineData("keras2-h5/k206_seq_lstm_rmsprop.h5", "Variable")]
    [InlineData("keras2-h5/k213_seq_simplernn_rmsprop.h5", "training/RMSprop/Variable")]
    public void Keras20To22Rmsprop_KeepsNoIterationCounter_AndRestoresItsAccumulators(string file, string prefix)
    {
        // Keras 2.0-2.2's RMSprop: self.weights = accumulators, one per trainable weight in model order.
        string path = Fixtures.PathOf(file);
        using var h5 = H5File.OpenRead(path);

        using Model model = Model.Load(path);

        Optimizer rms = model.Optimizer!;
        IReadOnlyList<Variable> trainable = rms.TrainableVariables;
        Assert.Equal(5, trainable.Count);
        for (int i = 0; i < trainable.Count; i++)
        {
            string name = i == 0 ? $"{prefix}:0" : $"{prefix}_{i}:0";
            Assert.Equal(h5.Dataset("optimizer_weights/" + name).Read<float[]>(), rms.SlotsFor(trainable[i])[0].ToArray());
        }
    }
}
