// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>LayerNormalization, UnitNormalization, Rescaling, the noise layers and activity regularization, by hand.</summary>
public sealed class NormalizationAndNoiseTests : KerasTestBase
{
    [Fact]
    public void LayerNormalization_NormalizesEachSample()
    {
        var ln = new LayerNormalization();
        ln.EnsureBuilt(new Shape([null, 2]));
        ln.SetWeights([Ops.FromArray([2f, 1f], [2]), Ops.FromArray([0f, 0.5f], [2])]);
        using Tensor x = Ops.FromArray(new float[,] { { 1, 3 }, { 10, 10 } });

        using Tensor y = ln.Apply(x);

        // Row 1: mean 2, variance 1 -> (-1, 1) / sqrt(1.001); row 2: zero variance -> 0.
        double s = 1 / Math.Sqrt(1.001);
        TensorAssert.Close([(float)(-2 * s), (float)(s + 0.5), 0f, 0.5f], y);
        Assert.Equal(["gamma", "beta"], ln.Weights.Select(w => w.ShortName));
    }

    [Fact]
    public void LayerNormalization_OverTwoAxes_HasWeightsShapedLikeThem()
    {
        var ln = new LayerNormalization(axis: new[] { 1, 2 }, center: false, scale: false);
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 6f], [1, 2, 2]);

        using Tensor y = ln.Apply(x);

        // mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5.
        double s = Math.Sqrt(3.5 + 1e-3);
        TensorAssert.Close([(float)(-2 / s), (float)(-1 / s), 0f, (float)(3 / s)], y);
        Assert.Empty(ln.Weights);
        Assert.Contains("\"axis\": [1, 2]", PythonJson.Serialize(ln.GetConfig()));
    }

    [Fact]
    public void UnitNormalization_And_Rescaling()
    {
        using Tensor x = Ops.FromArray(new float[,] { { 3, 4 }, { 0, 0 } });
        using Tensor pixels = Ops.FromArray(new float[,] { { 0, 255 } });

        using Tensor u = new UnitNormalization().Apply(x);
        using Tensor r = new Rescaling(1.0 / 255, offset: -0.5).Apply(pixels);

        TensorAssert.Close([0.6f, 0.8f, 0f, 0f], u);
        TensorAssert.Close([-0.5f, 0.5f], r);
    }

    [Fact]
    public void NoiseLayers_AreTheIdentityInInference_AndNoisyInTraining()
    {
        using Tensor x = Ops.Ones([64, 8, 4]);
        Layer[] layers = [new GaussianNoise(0.5, seed: 1), new GaussianDropout(0.3, seed: 1), new SpatialDropout1D(0.5, seed: 1)];

        foreach (Layer layer in layers)
        {
            using Tensor same = layer.Apply(x);
            using Tensor noisy = layer.Apply(x, training: true);
            TensorAssert.Close(Enumerable.Repeat(1f, 64 * 8 * 4).ToArray(), same);
            Assert.False(Ops.AllClose(noisy, x), layer.GetType().Name);
        }
    }

    [Fact]
    public void SpatialDropout_DropsWholeChannels()
    {
        using Tensor x = Ops.Ones([8, 5, 6]);
        using Tensor img = Ops.Ones([4, 3, 3, 6]);

        using Tensor y = new SpatialDropout1D(0.5, seed: 3).Apply(x, training: true);
        using Tensor z = new SpatialDropout2D(0.5, seed: 3).Apply(img, training: true);

        // Along the steps (and pixels) a channel is all kept (value 2) or all dropped (0).
        using Tensor spread = Ops.Subtract(Ops.Max(y, 1), Ops.Negative(Ops.Max(Ops.Negative(y), 1)));
        TensorAssert.Close(new float[8 * 6], spread);
        float[] values = (float[])Ops.ToArray(z);
        Assert.All(values, v => Assert.True(v is 0f or 2f));
    }

    [Fact]
    public void ActivityRegularization_AndConvActivityRegularizer_AddToTheLoss()
    {
        var model = new Sequential([
            new Input([2, 1]),
            new Conv1D(1, [1], useBias: false, kernelInitializer: "ones", activityRegularizer: new Keras.Net.Regularizers.L1(0.5)),
            new ActivityRegularization(l2: 0.25),
        ]);
        model.Compile(optimizer: "sgd", loss: "mse");
        using Tensor x = Ops.FromArray([1f, 2f], [1, 2, 1]);

        IReadOnlyDictionary<string, double> result = model.Evaluate(x, x, verbose: 0);

        // mse 0 + 0.5 * (1 + 2) + 0.25 * (1 + 4) = 2.75 (batch of one).
        Assert.Equal(2.75, result["loss"], 5);
    }

    [Fact]
    public void Configs_RoundTrip()
    {
        foreach (Layer layer in new Layer[] { new LayerNormalization(epsilon: 1e-5), new UnitNormalization(), new Rescaling(0.5, 1), new GaussianNoise(0.1), new GaussianDropout(0.2), new SpatialDropout1D(0.1), new SpatialDropout2D(0.3, dataFormat: "channels_first"), new ActivityRegularization(0.1, 0.2) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianDropout(1.0));
        Assert.Throws<NotSupportedException>(() => new LayerNormalization(rmsScaling: true));
    }
}
