// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Dot and TimeDistributed against products and per-step results worked out by hand.</summary>
public sealed class DotAndTimeDistributedTests : KerasTestBase
{
    [Fact]
    public void Dot_OfVectors_IsThePerSampleInnerProduct()
    {
        using Tensor a = Ops.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        using Tensor b = Ops.FromArray(new float[,] { { 5, 6 }, { -1, 1 } });

        using Tensor y = new Dot(1).Apply([a, b]);
        using Tensor cos = new Dot(1, normalize: true).Apply([a, a]);

        TensorAssert.Shape(y, 2, 1);
        TensorAssert.Close([17f, 1f], y);
        TensorAssert.Close([1f, 1f], cos, 1e-6);
    }

    [Fact]
    public void Dot_OfSequences_ContractsTheGivenAxes()
    {
        // a (1, 2, 3), b (1, 2, 3); axes (2, 2) -> (1, 2, 2) with y[i, j] = sum_k a[i, k] b[j, k].
        using Tensor a = Ops.FromArray([1f, 0f, 2f, 0f, 1f, 1f], [1, 2, 3]);
        using Tensor b = Ops.FromArray([1f, 1f, 1f, 2f, 0f, -1f], [1, 2, 3]);
        var dot = new Dot(new[] { 2, 2 });

        using Tensor y = dot.Apply([a, b]);

        TensorAssert.Close([3f, 0f, 2f, -1f], y);
        Assert.Equal(new Shape([null, 2, 2]), dot.ComputeOutputShape([new Shape([null, 2, 3]), new Shape([null, 2, 3])])[0]);
        Assert.Throws<ArgumentException>(() => new Dot(1).ComputeOutputShape([new Shape([null, 2]), new Shape([null, 3])]));
    }

    [Fact]
    public void TimeDistributed_AppliesTheSameDenseToEveryStep()
    {
        var td = new TimeDistributed(new Dense(1, kernelInitializer: new Keras.Net.Initializers.Constant(2), biasInitializer: "ones"));
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 4f, 5f, 6f], [1, 3, 2]);

        using Tensor y = td.Apply(x);

        // 2 * (x0 + x1) + 1 per step.
        TensorAssert.Shape(y, 1, 3, 1);
        TensorAssert.Close([7f, 15f, 23f], y);
        Assert.Equal(2, td.Weights.Count);
        Assert.Equal(new Shape([null, 3, 1]), td.ComputeOutputShape(new Shape([null, 3, 2])));
    }

    [Fact]
    public void Configs_RoundTrip()
    {
        foreach (Layer layer in new Layer[] { new Dot(new[] { 1, 2 }, normalize: true), new TimeDistributed(new Dense(3, name: "dense")) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
