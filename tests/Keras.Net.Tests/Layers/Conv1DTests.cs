// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;
using Constant = Keras.Net.Initializers.Constant;

namespace Keras.Net.Tests.Layers;

/// <summary>Conv1D against sums worked out by hand, TensorFlow's padding, and its config.</summary>
public sealed class Conv1DTests : KerasTestBase
{
    private static Tensor Ramp() => Ops.FromArray([1f, 2f, 3f, 4f, 5f], [1, 5, 1]);

    [Fact]
    public void Valid_SumsEachWindow()
    {
        var conv = new Conv1D(1, [2], kernelInitializer: new Constant(1), biasInitializer: new Constant(0.5));
        using Tensor x = Ramp();

        using Tensor y = conv.Apply(x);

        TensorAssert.Close([3.5f, 5.5f, 7.5f, 9.5f], y);
        Assert.Equal(Shape.Of(2, 1, 1), conv.Kernel!.Shape);
    }

    [Fact]
    public void Same_PutsTheExtraZeroAfter_AsTensorFlow()
    {
        var conv = new Conv1D(1, [2], padding: "same", kernelInitializer: new Constant(1), useBias: false);
        using Tensor x = Ramp();

        using Tensor y = conv.Apply(x);

        // Pad (0 before, 1 after): windows [1,2],[2,3],[3,4],[4,5],[5,0].
        TensorAssert.Close([3f, 5f, 7f, 9f, 5f], y);
    }

    [Fact]
    public void CausalDilated_LooksOnlyBackwards()
    {
        var conv = new Conv1D(1, [2], padding: "causal", dilationRate: [2], kernelInitializer: new Constant(1), useBias: false);
        using Tensor x = Ramp();

        using Tensor y = conv.Apply(x);

        // y[t] = x[t-2] + x[t] with zeros before the start.
        TensorAssert.Close([1f, 2f, 4f, 6f, 8f], y);
    }

    [Fact]
    public void Strided_OutputShapes_MatchComputeOutputShape()
    {
        var conv = new Conv1D(3, [3], strides: [2], padding: "same");
        using Tensor x = Ops.Ones([2, 7, 4]);

        using Tensor y = conv.Apply(x);

        TensorAssert.Shape(y, 2, 4, 3);
        Assert.Equal(new Shape([null, 4, 3]), conv.ComputeOutputShape(new Shape([null, 7, 4])));
        Assert.Equal(new Shape([null, 3, 3]), new Conv1D(3, [3], strides: [2]).ComputeOutputShape(new Shape([null, 7, 4])));
    }

    [Fact]
    public void Config_RoundTrips_AndHasKerasKeys()
    {
        var conv = new Conv1D(4, [2], padding: "causal", dilationRate: [2], activation: "tanh");
        string json = PythonJson.Serialize(KerasSerializer.Serialize(conv));

        Assert.Contains("\"filters\": 4, \"kernel_size\": [2], \"strides\": [1], \"padding\": \"causal\", \"data_format\": \"channels_last\", \"dilation_rate\": [2], \"groups\": 1, \"activation\": \"tanh\"", json);
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
    }
}
