// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Saving;

/// <summary>Real tf.keras / Keras files load here.</summary>
public sealed class Hdf5FixtureTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("keras2-h5/k209_seq_dense_adam_noslots.h5", 100, 10)]
    [InlineData("keras2-h5/k213_theano_seq_dense.h5", 4, 6)]
    [InlineData("keras2-h5/k2100_iris_seq_dense_adam.h5", 4, 3)]
    [InlineData("keras3/legacy-h5/k370_iris_seq_dense_adam.h5", 4, 3)]
    public void DenseFixtures_LoadCompiledWithTheirWeights(string file, int inputs, int outputs)
    {
        string path = Fixtures.PathOf(file);
        Model model = Model.Load(path);

        using var h5 = H5File.OpenRead(path);
        IH5Group weights = h5.Group("model_weights");
        string firstLayer = weights.Attribute("layer_names").Read<string[]>()[0].TrimEnd('\0');
        string firstWeight = weights.Group(firstLayer).Attribute("weight_names").Read<string[]>()[0].TrimEnd('\0');
        float[] stored = weights.Group(firstLayer).Dataset(firstWeight).Read<float[]>();
        Assert.Equal(stored, model.Weights[0].ToArray());
        using Tensor x = Ops.Ones([2, inputs]);
        using Tensor y = model.Predict(x);
        TensorAssert.Shape(y, 2, outputs);
        Assert.Equal(h5.AttributeExists("training_config"), model.IsCompiled);
    }

    [FixtureTheory]
    [InlineData("keras2-h5/k213_seq_embedding_conv1d_dropout.h5")]
    [InlineData("keras2-h5/k231_seq_embedding_flatten_logcosh.h5")]
    [InlineData("keras2-h5/k220_seq_masking_lstm_notrain.h5")]
    [InlineData("keras2-h5/k220_func_conv_prelu.h5")]
    [InlineData("keras2-h5/k213_seq_conv2d_bn.h5")]
    [InlineData("keras2-h5/k213_seq_bidirectional_lstm.h5")]
    [InlineData("keras2-h5/k213_seq_sepconv2d.h5")]
    public void CatalogueFixtures_LoadEveryStoredWeight(string file)
    {
        string path = Fixtures.PathOf(file);
        Model model = Model.Load(path);

        using var h5 = H5File.OpenRead(path);
        IH5Group weights = h5.Group("model_weights");
        int compared = 0;
        foreach (Keras.Net.Layers.Layer layer in model.Layers.Where(l => l.Weights.Count > 0))
        {
            IH5Group group = weights.Group(layer.Name);
            string[] names = group.Attribute("weight_names").Read<string[]>().Select(n => n.TrimEnd('\0')).ToArray();
            Assert.Equal(names.Length, layer.Weights.Count);
            for (int i = 0; i < names.Length; i++, compared++)
            {
                Assert.Equal(group.Dataset(names[i]).Read<float[]>(), layer.Weights[i].ToArray());
            }
        }

        Assert.True(compared > 0);
        Shape inputShape = model.Inputs[0].Shape;
        using Tensor x = Ops.Ones(inputShape.Select(d => d ?? 12).ToArray());
        IReadOnlyList<Tensor> ys = model.Predict([x]);
        Assert.Equal(model.Outputs.Count, ys.Count);
        Assert.All(ys, y => Assert.True(Ops.AllFinite(y)));
        foreach (Tensor y in ys)
        {
            y.Dispose();
        }
    }

    [FixtureFact]
    public void OptimizerState_FromTf210Adam_IsRestored()
    {
        // k2100 is tf.keras 2.10 (legacy optimizer names Adam/iter:0, Adam/<var>/m:0, ...).
        Model model = Model.Load(Fixtures.PathOf("keras2-h5/k2100_iris_seq_dense_adam.h5"));

        using var h5 = H5File.OpenRead(Fixtures.PathOf("keras2-h5/k2100_iris_seq_dense_adam.h5"));
        long iter = h5.Group("optimizer_weights").Dataset("Adam/iter:0").Read<long>();
        float[] m = h5.Group("optimizer_weights").Dataset("Adam/dense/kernel/m:0").Read<float[]>();
        Assert.Equal(iter, model.Optimizer!.Iterations);
        Assert.Equal(m, model.Optimizer.SlotsFor(model.Weights[0])[0].ToArray());
    }

    [FixtureFact]
    public void ExpectedIo_DenseActivation_ReproducesKerasPredictions()
    {
        string config = File.ReadAllText(Fixtures.PathOf("h5-weights/configs/simple_sparse_xent_mlp_keras_2_config.json"));
        Model model = Model.FromJson(config);
        model.LoadWeights(Fixtures.PathOf("h5-weights/k231_dense_activation.weights.h5")).AssertConsumed();

        AssertReproduces(model, "expected-io/k231_dense_activation.weights.io.h5");
    }

    [FixtureFact]
    public void ExpectedIo_DenseThresholdedReLU_WholeModel_ReproducesKerasPredictions()
    {
        Model model = Model.Load(Fixtures.PathOf("keras2-h5/k231_seq_dense_thresholdedrelu.h5"));

        AssertReproduces(model, "expected-io/k231_seq_dense_thresholdedrelu.io.h5");
        Assert.IsType<Keras.Net.Layers.ThresholdedReLU>(model.Layers[^1]);
    }

    [FixtureFact]
    public void ExpectedIo_CausalConv1D_WholeModel_ReproducesKerasPredictions() =>
        AssertReproduces(Model.Load(Fixtures.PathOf("keras2-h5/k231_seq_causal_conv1d.h5")), "expected-io/k231_seq_causal_conv1d.io.h5");

    [FixtureFact]
    public void ExpectedIo_SameConv1D_ConfigPlusWeights_ReproducesKerasPredictions()
    {
        Model model = Model.FromJson(File.ReadAllText(Fixtures.PathOf("h5-weights/configs/conv1d_k2_s1_d1_cl_same_config.json")));
        model.LoadWeights(Fixtures.PathOf("h5-weights/k231_conv1d.weights.h5")).AssertConsumed();

        AssertReproduces(model, "expected-io/k231_conv1d.weights.io.h5");
    }

    [FixtureFact]
    public void ExpectedIo_SimpleRNN_WholeModel_ReproducesKerasPredictions() =>
        AssertReproduces(Model.Load(Fixtures.PathOf("keras2-h5/k213_seq_simplernn_rmsprop.h5")), "expected-io/k213_seq_simplernn_rmsprop.io.h5");

    [FixtureFact]
    public void Lstm_Keras206_LoadsWithHardSigmoidGatesAndItsWeights()
    {
        // k206's companion file holds only the training targets (no "predictions" group), so the LSTM math
        // is checked against the formula in RecurrentTests; here: the file's config and weights arrive intact.
        Model model = Model.Load(Fixtures.PathOf("keras2-h5/k206_seq_lstm_rmsprop.h5"));

        var lstm = Assert.IsType<Keras.Net.Layers.LSTM>(model.Layers[0]);
        Assert.Equal("hard_sigmoid", lstm.RecurrentActivationName);
        Assert.Equal(50, lstm.Units);
        using var h5 = H5File.OpenRead(Fixtures.PathOf("keras2-h5/k206_seq_lstm_rmsprop.h5"));
        Assert.Equal(h5.Group("model_weights/lstm_1/lstm_1").Dataset("recurrent_kernel:0").Read<float[]>(), lstm.RecurrentKernel!.ToArray());
        Assert.Equal(10451, model.CountParams());
    }

    [FixtureTheory]
    [InlineData("keras1-h5/k122_tf_seq_lstm_rmsprop.h5", "expected-io/k122_tf_seq_lstm_rmsprop.io.h5")]
    [InlineData("keras1-h5/k122_theano_seq_lstm_rmsprop.h5", "expected-io/k122_theano_seq_lstm_rmsprop.io.h5")]
    public void Keras1Lstm_MergesItsTwelveGateWeights_AndReproducesKeras(string file, string io)
    {
        AssertReproduces(Model.Load(Fixtures.PathOf(file)), io);
    }

    private static void AssertReproduces(Model model, string ioFile)
    {
        using var io = H5File.OpenRead(Fixtures.PathOf(ioFile));
        string inputName = System.Text.Json.Nodes.JsonNode.Parse(io.Attribute("inputs").Read<string>())!["inputs"]![0]!.GetValue<string>();
        string outputName = System.Text.Json.Nodes.JsonNode.Parse(io.Attribute("outputs").Read<string>())!["outputs"]![0]!.GetValue<string>();
        IH5Dataset inputs = io.Group("inputs").Dataset(inputName);
        using Tensor x = Ops.FromArray(inputs.Read<float[]>(), inputs.Space.Dimensions.Select(d => (long)d).ToArray());
        using Tensor y = model.Predict(x, batchSize: (int)(model.Inputs[0].Shape[0] ?? 32));
        // "predictions" holds Keras's predict() results; "outputs" may hold the training targets.
        IH5Dataset outputs = io.Group(io.LinkExists("predictions") ? "predictions" : "outputs").Dataset(outputName);
        Assert.Equal(outputs.Space.Dimensions.Select(d => (long)d), Ops.ShapeOf(y).ToArray());
        TensorAssert.Close(outputs.Read<float[]>(), y, 1e-5);

        // Per-layer activations, where Keras recorded them: a sub-model from the input to that layer's output.
        int checkedLayers = 0;
        foreach (IH5Object child in io.LinkExists("activations") ? io.Group("activations").Children() : [])
        {
            Keras.Net.Layers.Layer layer = model.Layers.Single(l => l.Name == child.Name);
            var probe = new Model(model.Inputs, layer.Output);
            using Tensor a = probe.Predict(x, batchSize: (int)(model.Inputs[0].Shape[0] ?? 32));
            IH5Dataset recorded = io.Group("activations").Dataset(child.Name);
            Assert.Equal(recorded.Space.Dimensions.Select(d => (long)d), Ops.ShapeOf(a).ToArray());
            TensorAssert.Close(recorded.Read<float[]>(), a, 1e-5);
            checkedLayers++;
        }

        Assert.Equal(io.LinkExists("activations") ? io.Group("activations").Children().Count() : 0, checkedLayers);
    }

    private static readonly string[] Keras1Loadable = ["k122_tf_seq_lstm_rmsprop.h5", "k122_theano_seq_lstm_rmsprop.h5", "k122_seq_dense_tfscope_nested.h5", "k112_seq_conv2d_maxpool_dropout.h5", "k122_seq_embedding_conv1d.h5", "k122_seq_dense_reshape_bn_conv2d.h5", "k122_seq_bidirectional_lstm.h5", "k110_seq_lstm_timedistributeddense.h5"];

    public static TheoryData<string> Keras1LoadableFiles() => new(Keras1Loadable);

    [FixtureFact]
    public void EveryKeras1Fixture_IsInTheLoadableList()
    {
        Assert.Equal(Fixtures.Files("keras1-h5", "*.h5").Select(Path.GetFileName).Order(), Keras1Loadable.Order());
    }

    [FixtureTheory]
    [MemberData(nameof(Keras1LoadableFiles))]
    public void Keras1Files_WithMappedLayers_LoadWithTheirWeights(string file)
    {
        string path = Fixtures.PathOf("keras1-h5/" + file);

        Model model = Model.Load(path);

        // Every stored number arrives: the model holds exactly as many parameters as the file, and each layer's
        // weights hold the file's values (LSTM gate matrices as a multiset, since they are regrouped).
        using var h5 = H5File.OpenRead(path);
        IH5Group weights = h5.Group("model_weights");
        long stored = 0;
        foreach (Keras.Net.Layers.Layer layer in model.Layers.Where(l => l.Weights.Count > 0))
        {
            IH5Group group = weights.Group(layer.Name);
            float[] fileValues = group.Attribute("weight_names").Read<string[]>().Select(n => n.TrimEnd('\0')).SelectMany(n => group.Dataset(n).Read<float[]>()).ToArray();
            float[] ours = layer.Weights.SelectMany(w => w.ToArray()).ToArray();
            stored += fileValues.Length;
            Assert.Equal(fileValues.Order(), ours.Order());
        }

        Assert.Equal(stored, model.CountParams());
        using Tensor x = Ops.Ones(model.Inputs[0].Shape.Select(d => d ?? 2).ToArray());
        using Tensor y = model.Predict(x);
        Assert.True(Ops.AllFinite(y));
    }

    public static TheoryData<string> Keras2Files() => new(Fixtures.Files("keras2-h5", "*.h5").Select(Path.GetFileName).Select(f => f!));

    [FixtureTheory]
    [MemberData(nameof(Keras2Files))]
    public void EveryKeras2File_Loads_ExceptLambdaWhichIsRefusedClearly(string file)
    {
        string path = Fixtures.PathOf("keras2-h5/" + file);
        try
        {
            Model model = Model.Load(path);
            Assert.True(model.Built);
        }
        catch (KerasFormatException e)
        {
            Assert.Contains(path, e.Message);
            Assert.True(e.Message.Contains("Lambda layers hold Python bytecode", StringComparison.Ordinal), e.Message);
        }
    }
}
