// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>Tensor lifetimes: inference and disposal leave TorchSharp's live-tensor count where it was.</summary>
public sealed class MemoryTests : KerasTestBase
{
    [Fact]
    public void PredictLoop_1000Calls_LeavesLiveTensorCountFlat()
    {
        Model model = GuideModels.CreateFunctionalModel(withDropout: true);
        using Tensor x = Ops.RandomUniform([4, 784], seed: 9);
        using (Tensor warm = model.Predict(x))
        {
            TensorAssert.Shape(warm, 4, 10);
        }

        long before = KerasBackend.LiveTensorCount;
        for (int i = 0; i < 1000; i++)
        {
            using Tensor y = model.Predict(x);
        }

        Assert.Equal(before, KerasBackend.LiveTensorCount);
    }

    [Fact]
    public void ApplyLoop_EagerLayerCalls_LeaveLiveTensorCountFlat()
    {
        var layer = new Dense(8, activation: "relu");
        using Tensor x = Ops.Ones([2, 3]);
        using (Tensor warm = layer.Apply(x))
        {
            TensorAssert.Shape(warm, 2, 8);
        }

        long before = KerasBackend.LiveTensorCount;
        for (int i = 0; i < 200; i++)
        {
            using Tensor y = layer.Apply(x);
            using Tensor z = new Concatenate().Apply([x, y]);
        }

        Assert.Equal(before, KerasBackend.LiveTensorCount);
    }

    [Fact]
    public void Dispose_FreesEveryVariable()
    {
        long before = KerasBackend.LiveTensorCount;
        Model model = GuideModels.CreateFunctionalModel();
        Assert.True(KerasBackend.LiveTensorCount >= before + 6);

        model.Dispose();

        Assert.Equal(before, KerasBackend.LiveTensorCount);
        Assert.Throws<ObjectDisposedException>(() => model.Weights[0].Value);
    }
}
