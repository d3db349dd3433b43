// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Optimizers;

/// <summary>
/// The order optimizer state is saved in, as Keras builds it: Keras 3's <c>adam.py</c> (and tf.keras 2.11+'s) creates
/// each variable's momentum and velocity, then, with AMSGrad, every variable's velocity-hat after all of them; a
/// <c>.keras</c> stores <c>optimizer.variables</c> by index, so the order is the format.
/// </summary>
public sealed class OptimizerStateLayoutTests : KerasTestBase
{
    [Fact]
    public void AmsgradVelocityHats_FollowEveryMomentumVelocityPair_InAKerasArchive()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.keras");
        using var model = new Sequential([new Input([3]), new Dense(2, name: "dense")]);
        model.Compile(optimizer: new Adam(amsgrad: true), loss: "mse");
        using Tensor x = Ops.RandomUniform([4, 3], seed: 1), y = Ops.RandomUniform([4, 2], seed: 2);
        model.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0);

        model.Save(path);

        using var h5 = H5File.OpenRead(KerasArchiveFiles.ExtractWeights(path, dir.File("w.h5")));
        ulong[][] shapes = Enumerable.Range(0, 8).Select(i => h5.Dataset($"optimizer/vars/{i}").Space.Dimensions).ToArray();

        // iteration, learning rate, m(kernel), v(kernel), m(bias), v(bias), vhat(kernel), vhat(bias).
        Assert.Equal([[], [], [3, 2], [3, 2], [2], [2], [3, 2], [2]], shapes.Select(d => d.Select(v => (int)v).ToArray()).ToArray());

        // After one step from zeros v-hat = max(0, v) = v: the stored v-hats are the velocities.
        Assert.Equal(h5.Dataset("optimizer/vars/3").Read<float[]>(), h5.Dataset("optimizer/vars/6").Read<float[]>());
        Assert.Equal(h5.Dataset("optimizer/vars/5").Read<float[]>(), h5.Dataset("optimizer/vars/7").Read<float[]>());
    }

    [Fact]
    public void AmsgradState_RoundTripsThroughTheArchive()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.keras");
        using var model = new Sequential([new Input([3]), new Dense(2, name: "dense")]);
        model.Compile(optimizer: new Adam(amsgrad: true), loss: "mse");
        using Tensor x = Ops.RandomUniform([4, 3], seed: 1), y = Ops.RandomUniform([4, 2], seed: 2);
        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0);
        model.Save(path);

        using Model loaded = Model.Load(path);

        Variable kernel = model.Layers[0].Weights[0], loadedKernel = loaded.Layers[0].Weights[0];
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(model.Optimizer!.SlotsFor(kernel)[s].ToArray(), loaded.Optimizer!.SlotsFor(loadedKernel)[s].ToArray());
        }
    }
}
