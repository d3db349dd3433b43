// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Conv1DTranspose and Conv2DTranspose against scatter-adds worked out by hand, with TensorFlow's output lengths.</summary>
public sealed class ConvTransposeTests : KerasTestBase
{
    private static Conv1DTranspose Make(float[] kernel, int stride, string padding, int dilation = 1)
    {
        var layer = new Conv1DTranspose(1, [kernel.Length], strides: [stride], padding: padding, dilationRate: [dilation], useBias: false);
        layer.EnsureBuilt(new Shape([null, 3, 1]));
        layer.SetWeights([Ops.FromArray(kernel, [kernel.Length, 1, 1])]);
        return layer;
    }

    [Fact]
    public void Strided_ScattersEachInputIntoItsWindow()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

        using Tensor valid = Make([1f, 10f], 2, "valid").Apply(x);
        using Tensor same = Make([1f, 10f], 2, "same").Apply(x);

        TensorAssert.Close([1f, 10f, 2f, 20f, 3f, 30f], valid);
        TensorAssert.Close([1f, 10f, 2f, 20f, 3f, 30f], same);
    }

    [Fact]
    public void Same_CropsTheFullResultLikeTensorFlow()
    {
        using Tensor x3 = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);
        using Tensor x2 = Ops.FromArray([1f, 2f], [1, 2, 1]);

        // Full result of [1, 2, 3] with kernel [1, 2, 3] is [1, 4, 10, 12, 9]; same keeps 3 starting at 1.
        using Tensor stride1 = Make([1f, 2f, 3f], 1, "same").Apply(x3);
        // Full result [1, 2, 5, 4, 6]; same keeps n * stride = 4 from the start (adjoint of TF's (0, 1) padding).
        using Tensor stride2 = Make([1f, 2f, 3f], 2, "same").Apply(x2);

        TensorAssert.Close([4f, 10f, 12f], stride1);
        TensorAssert.Close([1f, 2f, 5f, 4f], stride2);
    }

    [Fact]
    public void Dilated_Valid_KeepsTheFullResult()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

        using Tensor y = Make([1f, 10f], 1, "valid", dilation: 2).Apply(x);

        TensorAssert.Close([1f, 2f, 13f, 20f, 30f], y);
    }

    [Fact]
    public void Conv2DTranspose_ExpandsEachPixelIntoABlock_AndAddsTheBias()
    {
        var layer = new Conv2DTranspose(1, [2], strides: [2], kernelInitializer: "ones", biasInitializer: new Keras.Net.Initializers.Constant(0.5));
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 4f], [1, 2, 2, 1]);

        using Tensor y = layer.Apply(x);

        TensorAssert.Close([1.5f, 1.5f, 2.5f, 2.5f, 1.5f, 1.5f, 2.5f, 2.5f, 3.5f, 3.5f, 4.5f, 4.5f, 3.5f, 3.5f, 4.5f, 4.5f], y);
        Assert.Equal(Shape.Of(2, 2, 1, 1), layer.Kernel!.Shape);
        Assert.Equal(new Shape([null, 7, 9, 1]), new Conv2DTranspose(1, [3], strides: [2]).ComputeOutputShape(new Shape([null, 3, 4, 5])));
    }

    [Fact]
    public void Config_HasOutputPadding_AndRoundTrips()
    {
        var layer = new Conv2DTranspose(4, [3], strides: [2], padding: "same");

        string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));

        Assert.Contains("\"output_padding\": null", json);
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        Assert.Throws<NotSupportedException>(() => new Conv1DTranspose(1, [2], outputPadding: 1));
    }
}
