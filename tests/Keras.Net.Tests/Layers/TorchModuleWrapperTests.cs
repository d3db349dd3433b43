// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;
using TorchSharp;

namespace Keras.Net.Tests.Layers;

/// <summary>TorchModuleWrapper: a TorchSharp module's parameters become shared layer weights that train.</summary>
public sealed class TorchModuleWrapperTests : KerasTestBase
{
    [Fact]
    public void Parameters_BecomeSharedWeights_AndTheCallRunsForward()
    {
        var linear = torch.nn.Linear(2, 1);
        var layer = new TorchModuleWrapper(linear, name: "wrapped");

        layer.SetWeights([Ops.FromArray(new float[,] { { 2, -1 } }), Ops.FromArray([0.5f], [1])]);
        using Tensor x = Ops.FromArray(new float[,] { { 1, 3 }, { 4, 1 } });
        using Tensor y = layer.Apply(x);

        // The module itself sees the new values: y = 2 * x0 - x1 + 0.5.
        TensorAssert.Close([-0.5f, 7.5f], y);
        Assert.Equal([2f, -1f], linear.weight!.data<float>().ToArray());
        Assert.Equal(["wrapped/weight:0", "wrapped/bias:0"], layer.Weights.Select(w => w.Name));
    }

    [Fact]
    public void Fit_UpdatesTheModulesOwnParameters()
    {
        var linear = torch.nn.Linear(1, 1);
        var model = new Sequential([new Input([1]), new TorchModuleWrapper(linear)]);
        model.Layers[0].SetWeights([Ops.FromArray(new float[,] { { 0 } }), Ops.FromArray([0f], [1])]);
        model.Compile(optimizer: new Keras.Net.Optimizers.SGD(learningRate: 0.5), loss: "mse");
        using Tensor x = Ops.FromArray(new float[,] { { 1 } });
        using Tensor t = Ops.FromArray(new float[,] { { 1 } });

        model.Fit(x, t, epochs: 1, verbose: 0);

        // d(mse)/dw = 2 * (0 - 1) * 1 = -2 -> w = 1; the same for the bias.
        Assert.Equal([1f], linear.weight!.data<float>().ToArray());
        Assert.Equal([1f], linear.bias!.data<float>().ToArray());
    }

    [Fact]
    public void FromConfig_IsRefusedWithAReason()
    {
        var config = new System.Text.Json.Nodes.JsonObject { ["class_name"] = "TorchModuleWrapper", ["config"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "t", ["module"] = "gASV..." } };

        var ex = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(config));

        Assert.Contains("TorchSharp module", ex.Message);
    }
}
