// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>The element-wise merge layers against results worked out by hand.</summary>
public sealed class MergingTests : KerasTestBase
{
    private static Tensor A() => Ops.FromArray(new float[,] { { 1, -2, 3 } });

    private static Tensor B() => Ops.FromArray(new float[,] { { 4, 5, -6 } });

    private static Tensor C() => Ops.FromArray(new float[,] { { 0.5f, 0.5f, 0.5f } });

    [Fact]
    public void Subtract_TakesTheSecondFromTheFirst_AndNeedsExactlyTwoInputs()
    {
        using Tensor a = A(), b = B(), c = C();

        using Tensor y = new Subtract().Apply([a, b]);

        TensorAssert.Close([-3f, -7f, 9f], y);
        Assert.Throws<ArgumentException>(() => new Subtract().Apply([a, b, c]));
    }

    [Fact]
    public void Multiply_Average_Maximum_Minimum_OverThreeInputs()
    {
        using Tensor a = A(), b = B(), c = C();

        using Tensor product = new Multiply().Apply([a, b, c]);
        using Tensor mean = new Average().Apply([a, b, c]);
        using Tensor max = new Maximum().Apply([a, b, c]);
        using Tensor min = new Minimum().Apply([a, b, c]);

        TensorAssert.Close([2f, -5f, -9f], product);
        TensorAssert.Close([5.5f / 3, 3.5f / 3, -2.5f / 3], mean);
        TensorAssert.Close([4f, 5f, 3f], max);
        TensorAssert.Close([0.5f, -2f, -6f], min);
    }

    [Fact]
    public void Multiply_Broadcasts_AndRejectsIncompatibleShapes()
    {
        var layer = new Multiply();

        Assert.Equal(new Shape([null, 4, 3]), layer.ComputeOutputShape([new Shape([null, 4, 3]), new Shape([null, 1, 3])])[0]);
        Assert.Throws<ArgumentException>(() => layer.ComputeOutputShape([new Shape([null, 2]), new Shape([null, 3])]));
    }

    [Theory]
    [InlineData("Subtract")]
    [InlineData("Multiply")]
    [InlineData("Average")]
    [InlineData("Maximum")]
    [InlineData("Minimum")]
    public void Config_RoundTripsThroughTheRegistry(string className)
    {
        var config = new System.Text.Json.Nodes.JsonObject { ["class_name"] = className, ["config"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "m1", ["trainable"] = true } };

        var layer = KerasSerializer.Deserialize<Layer>(config);

        Assert.Equal(className, layer.GetType().Name);
        Assert.Equal("m1", layer.Name);
        Assert.Equal("m1", layer.GetConfig()["name"]!.GetValue<string>());
    }
}
