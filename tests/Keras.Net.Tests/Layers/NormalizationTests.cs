// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>The preprocessing Normalization layer: Adapt, fixed statistics, invert, config.</summary>
public sealed class NormalizationTests : KerasTestBase
{
    [Fact]
    public void Adapt_ComputesPerFeatureMeanAndVariance()
    {
        var norm = new Normalization();
        using Tensor data = Ops.FromArray(new float[,] { { 1, 10 }, { 3, 30 } });
        using Tensor x = Ops.FromArray(new float[,] { { 2, 30 } });

        norm.Adapt(data);
        using Tensor y = norm.Apply(x);

        TensorAssert.Close([2f, 20f], norm.Mean!.Read());
        TensorAssert.Close([1f, 100f], norm.Variance!.Read());
        Assert.Equal(2L, Convert.ToInt64(Ops.ToScalar(norm.Count!.Read())));
        TensorAssert.Close([0f, 1f], y);
        Assert.Empty(norm.TrainableWeights);
    }

    [Fact]
    public void FixedStatistics_AndInvert()
    {
        using Tensor x = Ops.FromArray(new float[,] { { 5 }, { 1 } });

        using Tensor forward = new Normalization(mean: 3.0, variance: 4.0).Apply(x);
        using Tensor back = new Normalization(mean: 3.0, variance: 4.0, invert: true).Apply(x);

        TensorAssert.Close([1f, -1f], forward);
        TensorAssert.Close([13f, 5f], back);
        Assert.Throws<ArgumentException>(() => new Normalization(mean: 1.0));
        Assert.Throws<InvalidOperationException>(() => new Normalization(mean: 1.0, variance: 1.0).Adapt(x));
    }

    [Fact]
    public void ZeroVariance_DividesByEpsilonNotZero()
    {
        var norm = new Normalization();
        using Tensor data = Ops.FromArray(new float[,] { { 4 }, { 4 } });
        norm.Adapt(data);
        using Tensor x = Ops.FromArray(new float[,] { { 4 } });

        using Tensor y = norm.Apply(x);

        TensorAssert.Close([0f], y);
    }

    [Fact]
    public void Config_RoundTrips()
    {
        foreach (Layer layer in new Layer[] { new Normalization(), new Normalization(mean: new[] { 1.0, 2.0 }, variance: new[] { 4.0, 9.0 }, invert: true) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
