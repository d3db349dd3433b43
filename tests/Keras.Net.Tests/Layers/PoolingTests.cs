// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Pooling layers against maxima and means worked out by hand, with TensorFlow's <c>same</c> padding.</summary>
public sealed class PoolingTests : KerasTestBase
{
    private static Tensor Grid() => Ops.FromArray(Enumerable.Range(1, 9).Select(v => (float)v).ToArray(), [1, 3, 3, 1]);

    [Fact]
    public void MaxPooling2D_Valid_DropsTheRemainder()
    {
        using Tensor x = Grid();

        using Tensor y = new MaxPooling2D().Apply(x);

        TensorAssert.Shape(y, 1, 1, 1, 1);
        TensorAssert.Close([5f], y);
    }

    [Fact]
    public void MaxPooling2D_Same_PadsAfter_WithCellsThatNeverWin()
    {
        using Tensor x = Ops.Negative(Grid());

        using Tensor y = new MaxPooling2D(padding: "same").Apply(x);

        // Windows {1,2,4,5}, {3,6}, {7,8}, {9} of the negated grid.
        TensorAssert.Close([-1f, -3f, -7f, -9f], y);
    }

    [Fact]
    public void AveragePooling2D_Same_LeavesPaddingOutOfTheMean()
    {
        using Tensor x = Grid();

        using Tensor y = new AveragePooling2D(padding: "same").Apply(x);

        TensorAssert.Close([3f, 4.5f, 7.5f, 9f], y);
    }

    [Fact]
    public void Pooling1D_StridesDefaultToThePoolSize_AndCanOverlap()
    {
        using Tensor x = Ops.FromArray([1f, 5f, 2f, 4f, 3f], [1, 5, 1]);

        using Tensor max = new MaxPooling1D().Apply(x);
        using Tensor overlapping = new AveragePooling1D(poolSize: [3], strides: [1]).Apply(x);

        TensorAssert.Close([5f, 4f], max);
        TensorAssert.Close([8f / 3, 11f / 3, 3f], overlapping);
        Assert.Equal(new Shape([null, 3, 1]), new MaxPooling1D(padding: "same").ComputeOutputShape(new Shape([null, 5, 1])));
    }

    [Fact]
    public void ChannelsFirst_And3D()
    {
        using Tensor x = Ops.FromArray(Enumerable.Range(1, 9).Select(v => (float)v).ToArray(), [1, 1, 3, 3]);
        using Tensor v = Ops.Ones([1, 2, 2, 2, 3]);

        using Tensor y = new MaxPooling2D(dataFormat: "channels_first").Apply(x);
        using Tensor z = new AveragePooling3D().Apply(v);

        TensorAssert.Close([5f], y);
        TensorAssert.Shape(z, 1, 1, 1, 1, 3);
        TensorAssert.Close([1f, 1f, 1f], z);
    }

    [Fact]
    public void Pooling3D_MaxAndGlobalMax_OverCubes()
    {
        // A 2 x 2 x 2 cube holding 1..8 in one channel.
        using Tensor x = Ops.FromArray(Enumerable.Range(1, 8).Select(v => (float)v).ToArray(), [1, 2, 2, 2, 1]);

        using Tensor max = new MaxPooling3D().Apply(x);
        using Tensor global = new GlobalMaxPooling3D().Apply(Ops.Negative(x));
        using Tensor same = new MaxPooling3D(poolSize: [2], strides: [1], padding: "same").Apply(Ops.Negative(x));

        TensorAssert.Close([8f], max);
        TensorAssert.Close([-1f], global);
        // Same padding adds one cell after each axis, so each window spans the cells at or after its position;
        // on the negated cube the largest of those is the cell itself.
        TensorAssert.Close(Enumerable.Range(1, 8).Select(v => (float)-v).ToArray(), same);
    }

    [Fact]
    public void GlobalPooling_ReducesSpatialAxes_KeepdimsOrNot()
    {
        using Tensor x = Ops.FromArray([1f, 10f, 2f, 20f, 6f, 30f], [1, 3, 2]);

        using Tensor mean = new GlobalAveragePooling1D().Apply(x);
        using Tensor max = new GlobalMaxPooling1D(keepdims: true).Apply(x);
        using Tensor img = new GlobalAveragePooling2D().Apply(Grid());
        using Tensor imgMax = new GlobalMaxPooling2D(dataFormat: "channels_first").Apply(Ops.Transpose(Grid(), [0, 3, 1, 2]));

        TensorAssert.Close([3f, 20f], mean);
        TensorAssert.Shape(max, 1, 1, 2);
        TensorAssert.Close([6f, 30f], max);
        TensorAssert.Close([5f], img);
        TensorAssert.Close([9f], imgMax);
        Assert.Equal(new Shape([null, 1, 1, 4]), new GlobalMaxPooling2D(keepdims: true).ComputeOutputShape(new Shape([null, 5, 6, 4])));
    }

    [Fact]
    public void GlobalAveragePooling1D_LeavesMaskedStepsOut()
    {
        var layer = new GlobalAveragePooling1D();
        using Tensor x = Ops.FromArray([1f, 100f, 3f], [1, 3, 1]);
        using Tensor mask = Ops.NotEqual(Ops.FromArray([1f, 0f, 1f], [1, 3]), 0.0);

        IReadOnlyList<Tensor> y = layer.Invoke([x], [mask], false, out IReadOnlyList<Tensor?> outMask);

        TensorAssert.Close([2f], y[0]);
        Assert.All(outMask, m => Assert.Null(m));
    }

    [Fact]
    public void Configs_RoundTrip_AndAliasesResolve()
    {
        foreach (Layer layer in new Layer[] { new MaxPooling2D([3, 2], padding: "same"), new AveragePooling1D(), new GlobalAveragePooling3D(keepdims: true) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }

        Assert.IsType<MaxPooling2D>(KerasSerializer.Deserialize<Layer>(PythonJson.Parse("{\"class_name\": \"MaxPool2D\", \"config\": {}}")));
        Assert.Throws<ArgumentException>(() => new MaxPooling2D(padding: "causal"));
    }
}
