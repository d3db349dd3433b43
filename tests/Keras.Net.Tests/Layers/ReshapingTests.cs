// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Padding, cropping, upsampling, Permute and RepeatVector against arrays written out by hand.</summary>
public sealed class ReshapingTests : KerasTestBase
{
    private static Tensor Seq() => Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

    private static Tensor Img() => Ops.FromArray([1f, 2f, 3f, 4f], [1, 2, 2, 1]);

    [Fact]
    public void ZeroPadding_1DAnd2D()
    {
        using Tensor s = Seq(), i = Img();

        using Tensor a = new ZeroPadding1D(new[] { 1, 2 }).Apply(s);
        using Tensor b = new ZeroPadding2D(new[] { new[] { 1, 0 }, new[] { 0, 1 } }).Apply(i);

        TensorAssert.Close([0f, 1f, 2f, 3f, 0f, 0f], a);
        TensorAssert.Shape(b, 1, 3, 3, 1);
        TensorAssert.Close([0f, 0f, 0f, 1f, 2f, 0f, 3f, 4f, 0f], b);
        Assert.Equal(new Shape([null, 4, 6, 3]), new ZeroPadding2D(1).ComputeOutputShape(new Shape([null, 2, 4, 3])));
    }

    [Fact]
    public void Cropping_1DAnd2D_ChannelsFirst()
    {
        using Tensor s = Seq();
        using Tensor img = Ops.FromArray(Enumerable.Range(1, 9).Select(v => (float)v).ToArray(), [1, 1, 3, 3]);

        using Tensor a = new Cropping1D(new[] { 1, 0 }).Apply(s);
        using Tensor b = new Cropping2D(new[] { new[] { 1, 0 }, new[] { 0, 1 } }, dataFormat: "channels_first").Apply(img);

        TensorAssert.Close([2f, 3f], a);
        TensorAssert.Close([4f, 5f, 7f, 8f], b);
        Assert.Throws<ArgumentException>(() => new Cropping1D(new[] { 2, 1 }).Apply(s));
    }

    [Fact]
    public void UpSampling_RepeatsNearestNeighbours()
    {
        using Tensor s = Seq(), i = Img();

        using Tensor a = new UpSampling1D(2).Apply(s);
        using Tensor b = new UpSampling2D(new[] { 1, 2 }).Apply(i);

        TensorAssert.Close([1f, 1f, 2f, 2f, 3f, 3f], a);
        TensorAssert.Close([1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f], b);
        Assert.Throws<NotSupportedException>(() => new UpSampling2D(interpolation: "bilinear"));
    }

    [Fact]
    public void Permute_AndRepeatVector()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 4f, 5f, 6f], [1, 2, 3]);
        using Tensor v = Ops.FromArray(new float[,] { { 7, 8 } });

        using Tensor p = new Permute([2, 1]).Apply(x);
        using Tensor r = new RepeatVector(3).Apply(v);

        TensorAssert.Shape(p, 1, 3, 2);
        TensorAssert.Close([1f, 4f, 2f, 5f, 3f, 6f], p);
        TensorAssert.Close([7f, 8f, 7f, 8f, 7f, 8f], r);
        Assert.Equal(new Shape([null, 3, 2]), new RepeatVector(3).ComputeOutputShape(new Shape([null, 2])));
        Assert.Throws<ArgumentException>(() => new Permute([1, 3]));
    }

    [Fact]
    public void Configs_UseKerasShapes_AndRoundTrip()
    {
        Assert.Contains("\"padding\": [[1, 1], [2, 2]]", PythonJson.Serialize(new ZeroPadding2D(new[] { 1, 2 }).GetConfig()));
        Assert.Contains("\"cropping\": [1, 1]", PythonJson.Serialize(new Cropping1D().GetConfig()));
        foreach (Layer layer in new Layer[] { new ZeroPadding1D(3), new ZeroPadding2D(1, dataFormat: "channels_first"), new Cropping2D(new[] { 1, 2 }), new UpSampling1D(3), new UpSampling2D(2), new Permute([2, 3, 1]), new RepeatVector(4) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
