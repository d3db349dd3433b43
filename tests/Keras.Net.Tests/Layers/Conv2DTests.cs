// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;
using Constant = Keras.Net.Initializers.Constant;

namespace Keras.Net.Tests.Layers;

/// <summary>Conv2D and Conv3D against sums worked out by hand, in both data formats, with TensorFlow's padding.</summary>
public sealed class Conv2DTests : KerasTestBase
{
    // 3x3 image 1..9 (row major), one channel.
    private static Tensor Image() => Ops.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], [1, 3, 3, 1]);

    [Fact]
    public void Valid_SumsEachTwoByTwoWindow_HwioKernel()
    {
        var conv = new Conv2D(1, [2], kernelInitializer: new Constant(1), biasInitializer: new Constant(0.5));
        using Tensor x = Image();

        using Tensor y = conv.Apply(x);

        // Windows: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
        TensorAssert.Close([12.5f, 16.5f, 24.5f, 28.5f], y);
        Assert.Equal(Shape.Of(2, 2, 1, 1), conv.Kernel!.Shape);
    }

    [Fact]
    public void KernelLayout_IsHeightWidthInOut()
    {
        var conv = new Conv2D(1, [1, 2], useBias: false);
        conv.EnsureBuilt(new Shape([null, 3, 3, 1]));
        conv.SetWeights([Ops.FromArray([10f, 1f], [1, 2, 1, 1])]);
        using Tensor x = Image();

        using Tensor y = conv.Apply(x);

        // y[i, j] = 10 * x[i, j] + x[i, j + 1].
        TensorAssert.Close([12f, 23f, 45f, 56f, 78f, 89f], y);
    }

    [Fact]
    public void Same_Strided_PadsLikeTensorFlow()
    {
        // 4x4 input, kernel 3, stride 2: out 2x2, total pad = (2-1)*2+3-4 = 1 -> 0 before, 1 after on each axis.
        var conv = new Conv2D(1, [3], strides: [2], padding: "same", kernelInitializer: new Constant(1), useBias: false);
        using Tensor x = Ops.FromArray(Enumerable.Range(1, 16).Select(v => (float)v).ToArray(), [1, 4, 4, 1]);

        using Tensor y = conv.Apply(x);

        // Windows rows/cols {0,1,2} and {2,3,(pad)}: sums computed by hand.
        float W(int r0, int c0)
        {
            float s = 0;
            for (int r = r0; r < Math.Min(r0 + 3, 4); r++)
            {
                for (int c = c0; c < Math.Min(c0 + 3, 4); c++)
                {
                    s += (r * 4) + c + 1;
                }
            }

            return s;
        }

        TensorAssert.Close([W(0, 0), W(0, 2), W(2, 0), W(2, 2)], y);
        Assert.Equal(new Shape([null, 2, 2, 1]), conv.ComputeOutputShape(new Shape([null, 4, 4, 1])));
    }

    [Fact]
    public void ChannelsFirst_GivesTheTransposedResult()
    {
        var last = new Conv2D(2, [2]);
        var first = new Conv2D(2, [2], dataFormat: "channels_first");
        using Tensor x = Ops.RandomNormal([2, 4, 5, 3], seed: 1);
        using Tensor xFirst = Ops.Transpose(x, [0, 3, 1, 2]);
        last.EnsureBuilt(Ops.ShapeOf(x));
        first.EnsureBuilt(Ops.ShapeOf(xFirst));
        first.SetWeights(last.GetWeights());

        using Tensor a = last.Apply(x);
        using Tensor b = first.Apply(xFirst);
        using Tensor bLast = Ops.Transpose(b, [0, 2, 3, 1]);

        TensorAssert.Close((float[])Ops.ToArray(a), bLast, 1e-5);
        Assert.Equal(new Shape([null, 2, 3, 4]), first.ComputeOutputShape(new Shape([null, 3, 4, 5])));
    }

    [Fact]
    public void Conv3D_SumsEachCube()
    {
        var conv = new Conv3D(1, [2], kernelInitializer: new Constant(1), useBias: false);
        using Tensor x = Ops.Ones([1, 3, 3, 3, 2]);

        using Tensor y = conv.Apply(x);

        TensorAssert.Shape(y, 1, 2, 2, 2, 1);
        TensorAssert.Close(Enumerable.Repeat(16f, 8).ToArray(), y);
    }

    [Fact]
    public void BadArguments_FailAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => new Conv2D(1, [2, 2, 2]));
        Assert.Throws<ArgumentException>(() => new Conv2D(1, [2], padding: "causal"));
        Assert.Throws<ArgumentException>(() => new Conv2D(1, [2], strides: [2], dilationRate: [2]));
        Assert.Throws<ArgumentException>(() => new Conv2D(1, [0]));
        using Tensor tiny = Ops.Ones([1, 2, 2, 1]);
        Assert.Contains("smaller than the window (3x3)", Assert.Throws<ArgumentException>(() => new Conv2D(1, [3]).Apply(tiny)).Message);
        Assert.Contains("smaller than the window", Assert.Throws<ArgumentException>(() => new MaxPooling2D([3]).Apply(tiny)).Message);
    }

    [Fact]
    public void Config_RoundTrips_WithPerAxisLists()
    {
        foreach (Layer layer in new Layer[] { new Conv2D(4, [3, 1], strides: [1, 2], padding: "same", activation: "relu"), new Conv3D(2, [2]) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }

        Assert.Contains("\"kernel_size\": [3, 1]", PythonJson.Serialize(new Conv2D(4, [3, 1]).GetConfig()));
    }
}
