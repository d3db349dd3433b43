// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Serialization;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Optimizers;

/// <summary>
/// Keras's <c>use_ema</c> (keras/src/optimizers/base_optimizer.py): average = m * average + (1 - m) * variable after
/// each step, m = 0 on the first step; the weights take the averages every <c>ema_overwrite_frequency</c> steps and
/// when <c>fit</c> ends; the averages are optimizer variables created before the slots.
/// </summary>
public sealed class EmaTests : KerasTestBase
{
    [Fact]
    public void MovingAverage_FollowsKerasFormula_AndOverwritesOnItsFrequency()
    {
        using var w = new Variable(Ops.FromArray([1f, -2f], [2]), "w");
        var sgd = (SGD)new SGD(learningRate: 0.1).EnableEma(momentum: 0.5, overwriteFrequency: 3);
        using Tensor g = Ops.FromArray([1f, 1f], [2]);

        sgd.ApplyGradients([g], [w]);
        // w1 = w0 - 0.1 g = [0.9, -2.1]; first step: average = w1.
        TensorAssert.Close([0.9f, -2.1f], sgd.MovingAverages[0].Value);

        sgd.ApplyGradients([g], [w]);
        // w2 = [0.8, -2.2]; average = 0.5 * [0.9, -2.1] + 0.5 * [0.8, -2.2] = [0.85, -2.15].
        TensorAssert.Close([0.85f, -2.15f], sgd.MovingAverages[0].Value);
        TensorAssert.Close([0.8f, -2.2f], w.Value);

        sgd.ApplyGradients([g], [w]);
        // w3 = [0.7, -2.3]; average = [0.775, -2.225]; step 3 % 3 == 0: the weight takes the average.
        TensorAssert.Close([0.775f, -2.225f], w.Value);
    }

    [Fact]
    public void Fit_EndsWithTheAverages_AndTheArchiveStoresThemBeforeTheSlots()
    {
        using var dir = new TempDirectory();
        using var model = new Sequential([new Input([3]), new Dense(2, name: "dense")]);
        model.Compile(optimizer: new Adam().EnableEma(momentum: 0.9), loss: "mse");
        using Tensor x = Ops.RandomUniform([8, 3], seed: 1), y = Ops.RandomUniform([8, 2], seed: 2);

        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0);

        Optimizer adam = model.Optimizer!;
        Assert.Equal(adam.MovingAverages[0].ToArray(), model.Layers[0].Weights[0].ToArray());
        string path = dir.File("m.keras");
        model.Save(path);
        using (var h5 = H5File.OpenRead(KerasArchiveFiles.ExtractWeights(path, dir.File("w.h5"))))
        {
            // iteration, learning rate, average(kernel), average(bias), then m/v per variable.
            Assert.Equal([3UL, 2UL], h5.Dataset("optimizer/vars/2").Space.Dimensions);
            Assert.Equal([2UL], h5.Dataset("optimizer/vars/3").Space.Dimensions);
            Assert.Equal(adam.MovingAverages[0].ToArray(), h5.Dataset("optimizer/vars/2").Read<float[]>());
        }

        using Model loaded = Model.Load(path);
        Assert.True(loaded.Optimizer!.UseEma);
        Assert.Equal(0.9, loaded.Optimizer.EmaMomentum);
        Assert.Equal(adam.MovingAverages[1].ToArray(), loaded.Optimizer.MovingAverages[1].ToArray());
    }

    [Fact]
    public void Keras3Config_WithUseEma_LoadsAndWritesItBack()
    {
        var config = (JsonObject)PythonJson.Parse("""{"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.001, "use_ema": true, "ema_momentum": 0.95, "ema_overwrite_frequency": 10, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}, "registered_name": null}""");

        var adam = KerasSerializer.Deserialize<Optimizer>(config);

        Assert.True(adam.UseEma);
        Assert.Equal(0.95, adam.EmaMomentum);
        Assert.Equal(10, adam.EmaOverwriteFrequency);
        JsonObject written = adam.GetConfig();
        Assert.True(written["use_ema"]!.GetValue<bool>());
        Assert.Equal(10, written["ema_overwrite_frequency"]!.GetValue<int>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam().EnableEma(momentum: 1.5));
    }
}
