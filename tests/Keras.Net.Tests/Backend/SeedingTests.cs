// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Backend;

[Collection(TorchGlobalRandomCollection.Name)]
public sealed class SeedingTests : KerasTestBase
{
    private static float[] InitialWeights(int seed)
    {
        KerasBackend.SetRandomSeed(seed);
        var model = new Sequential([new Input([5]), new Dense(4), new Dropout(0.5), new Dense(3)]);
        using Tensor x = Ops.Ones([8, 5]);
        using Tensor dropped = model.Layers[1].Apply(x, training: true);
        return model.Weights.SelectMany(w => w.ToArray()).Concat(Ops.ToFloatArray(dropped)).ToArray();
    }

    [Fact]
    public void SetRandomSeed_SameSeed_SameWeightsAndDropoutMasks()
    {
        Assert.Equal(InitialWeights(1234), InitialWeights(1234));
    }

    [Fact]
    public void SetRandomSeed_DifferentSeed_DifferentWeights()
    {
        Assert.NotEqual(InitialWeights(1), InitialWeights(2));
    }
}
