// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>DepthwiseConv2D and SeparableConv1D/2D: TensorFlow's channel order c * depth_multiplier + m, sums by hand.</summary>
public sealed class SeparableConvTests : KerasTestBase
{
    // 1 x 2 x 2 image, channel 0 all 1, channel 1 all 10.
    private static Tensor TwoChannels() => Ops.FromArray([1f, 10f, 1f, 10f, 1f, 10f, 1f, 10f], [1, 2, 2, 2]);

    private static Tensor Multipliers() => Ops.FromArray([1f, 2f, 3f, 4f], [1, 1, 2, 2]); // [c0: m0=1, m1=2], [c1: m0=3, m1=4]

    [Fact]
    public void Depthwise_OrdersOutputChannelsByInputThenMultiplier()
    {
        var conv = new DepthwiseConv2D([1], depthMultiplier: 2, useBias: false);
        conv.EnsureBuilt(new Shape([null, 2, 2, 2]));
        conv.SetWeights([Multipliers()]);
        using Tensor x = TwoChannels();

        using Tensor y = conv.Apply(x);

        TensorAssert.Shape(y, 1, 2, 2, 4);
        TensorAssert.Close([.. Enumerable.Repeat(new[] { 1f, 2f, 30f, 40f }, 4).SelectMany(v => v)], y);
        Assert.Equal(new Shape([null, 2, 2, 4]), conv.ComputeOutputShape(new Shape([null, 2, 2, 2])));
    }

    [Fact]
    public void Depthwise_SumsEachChannelsWindowSeparately()
    {
        var conv = new DepthwiseConv2D([2], depthwiseInitializer: "ones", biasInitializer: new Keras.Net.Initializers.Constant(0.5));
        using Tensor x = TwoChannels();

        using Tensor y = conv.Apply(x);

        TensorAssert.Close([4.5f, 40.5f], y);
    }

    [Fact]
    public void Separable2D_IsDepthwiseThenPointwise()
    {
        var conv = new SeparableConv2D(1, [1], depthMultiplier: 2, biasInitializer: new Keras.Net.Initializers.Constant(0.5));
        conv.EnsureBuilt(new Shape([null, 2, 2, 2]));
        conv.SetWeights([Multipliers(), Ops.FromArray([1f, 1f, 1f, -1f], [1, 1, 4, 1]), Ops.FromArray([0.5f], [1])]);
        using Tensor x = TwoChannels();

        using Tensor y = conv.Apply(x);

        // 1 + 2 + 30 - 40 + 0.5.
        TensorAssert.Close([-6.5f, -6.5f, -6.5f, -6.5f], y);
        Assert.Equal(["depthwise_kernel", "pointwise_kernel", "bias"], conv.Weights.Select(w => w.ShortName));
    }

    [Fact]
    public void Separable1D_Same_PadsLikeTensorFlow()
    {
        var conv = new SeparableConv1D(1, [2], padding: "same", depthwiseInitializer: "ones", pointwiseInitializer: "ones", useBias: false);
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

        using Tensor y = conv.Apply(x);

        TensorAssert.Close([3f, 5f, 3f], y);
    }

    [Fact]
    public void Configs_RoundTrip()
    {
        foreach (Layer layer in new Layer[] { new DepthwiseConv2D([3], depthMultiplier: 2, padding: "same"), new SeparableConv2D(4, [3], activation: "relu"), new SeparableConv1D(2, [2], strides: [2]) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
