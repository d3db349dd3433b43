// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>GroupNormalization and AlphaDropout against their formulas.</summary>
public sealed class GroupNormAndAlphaDropoutTests : KerasTestBase
{
    [Fact]
    public void GroupNormalization_NormalizesEachGroupOfChannels()
    {
        var gn = new GroupNormalization(groups: 2);
        using Tensor x = Ops.FromArray(new float[,] { { 1, 3, 10, 30 } });

        using Tensor y = gn.Apply(x);

        double a = 1 / Math.Sqrt(1.001), b = 10 / Math.Sqrt(100.001);
        TensorAssert.Close([(float)-a, (float)a, (float)-b, (float)b], y);
        Assert.Equal(["gamma", "beta"], gn.Weights.Select(w => w.ShortName));
    }

    [Fact]
    public void GroupNormalization_ReducesOverSpatialPositionsToo()
    {
        var gn = new GroupNormalization(groups: 1, center: false, scale: false);
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 6f], [1, 2, 2]);

        using Tensor y = gn.Apply(x);

        double s = Math.Sqrt(3.5 + 1e-3);
        TensorAssert.Close([(float)(-2 / s), (float)(-1 / s), 0f, (float)(3 / s)], y);
        Assert.Throws<ArgumentException>(() => new GroupNormalization(groups: 3).Apply(Ops.Ones([1, 4])));
        Assert.Throws<NotSupportedException>(() => new GroupNormalization(axis: 1));
    }

    [Fact]
    public void AlphaDropout_SetsDroppedUnitsToTheSeluSaturation_ThenRescales()
    {
        const double rate = 0.2;
        double alphaP = -1.6732632423543772 * 1.0507009873554805;
        double a = 1 / Math.Sqrt((1 - rate) * (1 + (rate * alphaP * alphaP)));
        double b = -a * alphaP * rate;
        var layer = new AlphaDropout(rate, seed: 5);
        using Tensor zeros = Ops.Zeros([1000]);

        using Tensor y = layer.Apply(zeros, training: true);
        using Tensor same = layer.Apply(zeros);

        float[] values = (float[])Ops.ToArray(y);
        Assert.All(values, v => Assert.True(Math.Abs(v - b) < 1e-5 || Math.Abs(v - ((a * alphaP) + b)) < 1e-5, $"{v}"));
        int dropped = values.Count(v => Math.Abs(v - b) >= 1e-5);
        Assert.InRange(dropped, 120, 280);
        TensorAssert.Close(new float[1000], same);
    }

    [Fact]
    public void AlphaDropout_KeepsUnitMeanAndVariance()
    {
        using Tensor x = Ops.RandomNormal([200000], seed: 11);

        using Tensor y = new AlphaDropout(0.3, seed: 2).Apply(x, training: true);

        float[] v = (float[])Ops.ToArray(y);
        double mean = v.Average(), variance = v.Select(t => (t - mean) * (t - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void Configs_RoundTrip()
    {
        foreach (Layer layer in new Layer[] { new GroupNormalization(groups: 4, epsilon: 1e-5), new AlphaDropout(0.1, seed: 3) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
