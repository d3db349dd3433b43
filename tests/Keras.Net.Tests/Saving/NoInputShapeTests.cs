// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Keras 2 Sequential models fitted without an <c>Input</c> are saved with no input shape anywhere (no
/// <c>batch_input_shape</c>, no <c>build_input_shape</c>); the first layer's saved weight gives it.
/// </summary>
public sealed class NoInputShapeTests : KerasTestBase
{
    private const string Initializers = "\"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 1.0, \"mode\": \"fan_avg\", \"distribution\": \"uniform\", \"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}";

    [Fact]
    public void DenseSequential_WithoutAnyInputShape_LoadsAndPredictsTheFormula()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.h5");
        string config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
            + $"{{\"class_name\": \"Dense\", \"config\": {{\"name\": \"dense_1\", \"trainable\": true, \"units\": 2, \"activation\": \"relu\", \"use_bias\": true, {Initializers}}}}}, "
            + $"{{\"class_name\": \"Dense\", \"config\": {{\"name\": \"dense_2\", \"trainable\": true, \"units\": 1, \"activation\": \"linear\", \"use_bias\": true, {Initializers}}}}}]}}}}";
        new LegacyH5Builder(config)
            .Layer("dense_1", ("dense_1/kernel:0", new float[,] { { 1, -1 }, { 2, 0.5f }, { 0, 1 } }), ("dense_1/bias:0", new float[] { 0.5f, 0 }))
            .Layer("dense_2", ("dense_2/kernel:0", new float[,] { { 1 }, { 2 } }), ("dense_2/bias:0", new float[] { 0.25f }))
            .Write(path);

        using Model model = Model.Load(path);
        using Tensor x = Ops.FromArray([1f, 1f, 1f, 2f, 0f, -1f], [2, 3]);
        using Tensor y = model.Predict(x);

        // Row 1: relu([3.5, 0.5]) . [1, 2] + 0.25 = 4.75; row 2: relu([2.5, -3]) . [1, 2] + 0.25 = 2.75.
        Assert.Equal(new Shape([null, 3]), model.Inputs[0].Shape);
        TensorAssert.Close([4.75f, 2.75f], y);
    }

    [Fact]
    public void Conv1DAndLstmSequentials_TakeTheirChannelsFromTheKernel()
    {
        using var dir = new TempDirectory();
        string conv = dir.File("conv.h5");
        new LegacyH5Builder("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv1d_1\", \"filters\": 2, \"kernel_size\": [2], \"strides\": [1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1], \"activation\": \"linear\", \"use_bias\": false}}]}}")
            .Layer("conv1d_1", ("conv1d_1/kernel:0", new float[2, 3, 2]))
            .Write(conv);
        string lstm = dir.File("lstm.h5");
        new LegacyH5Builder("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"units\": 1}}]}}")
            .Layer("lstm_1", ("lstm_1/kernel:0", new float[5, 4]), ("lstm_1/recurrent_kernel:0", new float[1, 4]), ("lstm_1/bias:0", new float[4]))
            .Write(lstm);

        using Model a = Model.Load(conv), b = Model.Load(lstm);

        Assert.Equal(new Shape([null, null, 3]), a.Inputs[0].Shape);
        Assert.Equal(new Shape([null, null, 5]), b.Inputs[0].Shape);
        using Tensor y = b.Predict(Ops.Zeros([2, 7, 5]));
        Assert.Equal(new Shape([2, 1]), Ops.ShapeOf(y));
    }

    [Fact]
    public void UnbuiltSequential_LoadWeights_BuildsFromTheFileToo()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.h5");
        using (var built = new Sequential([new Input([4]), new Dense(3, name: "d1"), new Dense(1, name: "d2")]))
        {
            built.SaveWeights(path);
        }

        using var model = new Sequential([new Dense(3, name: "d1"), new Dense(1, name: "d2")]);
        model.LoadWeights(path);

        Assert.Equal(new Shape([4, 3]), model.Layers[0].Weights[0].Shape);
    }

    [Fact]
    public void FirstLayerWithoutWeights_StillFailsClearly()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.h5");
        new LegacyH5Builder("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dropout\", \"config\": {\"name\": \"dropout_1\", \"rate\": 0.5}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 1}}]}}")
            .Layer("dropout_1")
            .Layer("dense_1", ("dense_1/kernel:0", new float[2, 1]), ("dense_1/bias:0", new float[1]))
            .Write(path);

        var e = Assert.Throws<KerasFormatException>(() => Model.Load(path));
        Assert.Contains("layer_names", e.Message, StringComparison.Ordinal);
        Assert.Contains("no input shape", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
