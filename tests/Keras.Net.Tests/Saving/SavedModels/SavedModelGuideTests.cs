// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>The guide's SavedModel sections (tf.keras 2.x save_and_serialize).</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class SavedModelGuideTests : KerasTestBase
{
    /// <summary>The guide's CustomModel: a list of Dense layers applied in turn.</summary>
    private sealed class CustomModel : Model
    {
        private readonly List<Dense> _denseLayers;

        public CustomModel(int[] hiddenUnits, string? name = null)
            : base(name)
        {
            HiddenUnits = hiddenUnits;
            _denseLayers = hiddenUnits.Select(u => new Dense(u)).ToList();
        }

        public int[] HiddenUnits { get; }

        public override JsonObject GetConfig() => new() { ["hidden_units"] = new JsonArray(HiddenUnits.Select(u => (JsonNode?)u).ToArray()) };

        public static CustomModel FromConfig(JsonObject config) => new(config["hidden_units"]!.AsArray().Select(n => (int)n!).ToArray());

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using TensorScope scope = Ops.NewScope();
            Tensor x = inputs;
            foreach (Dense layer in _denseLayers)
            {
                x = layer.Apply(x, training);
            }

            return scope.Keep(x);
        }
    }

    [Fact]
    public void GuideSavedModel_SaveListLoadPredictAndResume()
    {
        using var dir = new TempDirectory();
        using Tensor testInput = Ops.RandomUniform([128, 32], seed: 1);
        using Tensor testTarget = Ops.RandomUniform([128, 1], seed: 2);
        Model model = GuideModels.GetModel();
        model.Fit(testInput, testTarget, verbose: 0);

        string folder = dir.File("my_model");
        model.Save(folder);

        Assert.Equal(["assets", "fingerprint.pb", "keras_metadata.pb", "saved_model.pb", "variables"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["variables.data-00000-of-00001", "variables.index"], Directory.GetFiles(Path.Combine(folder, "variables")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        Model reconstructed = Model.Load(folder);
        using Tensor a = model.Predict(testInput);
        using Tensor b = reconstructed.Predict(testInput);
        TensorAssert.Equal(a, b, atol: 0);
        Assert.True(reconstructed.IsCompiled);
        Assert.Equal(model.Optimizer!.Iterations, reconstructed.Optimizer!.Iterations);
        Assert.Equal(model.Optimizer.Variables.Select(v => v.ToArray()), reconstructed.Optimizer.Variables.Select(v => v.ToArray()));
        reconstructed.Fit(testInput, testTarget, verbose: 0);
        Assert.Equal(8, reconstructed.Optimizer.Iterations);
    }

    [Fact]
    public void GuideLoadingTheTensorFlowGraphOnly_ServesTheSamePredictions()
    {
        using var dir = new TempDirectory();
        var inputs = new Input([8], name: "features");
        var x = new Dense(6, activation: "relu").Apply(inputs);
        x = new Dense(4, activation: "tanh").Apply(x);
        var model = new Model(inputs, new Dense(3, activation: "softmax", name: "probabilities").Apply(x));
        string folder = dir.File("graph_model");
        model.Save(folder);

        using var loaded = SavedModel.Load(folder);
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        Assert.Equal("features", Assert.Single(serving.Inputs).Name);
        Assert.Equal("probabilities", Assert.Single(serving.Outputs).Name);
        using Tensor input = Ops.RandomNormal([5, 8], seed: 4);
        using Tensor expected = model.Predict(input);
        using Tensor actual = serving.Call(input);
        TensorAssert.Equal(expected, actual, atol: 1e-6);
    }

    [Fact]
    public void GuideCustomModel_LoadsWithItsClassAndWithoutIt_AndTheRevivedOneTrains()
    {
        using var dir = new TempDirectory();
        var model = new CustomModel([16, 16, 10]);
        using Tensor inputArr = Ops.RandomUniform([1, 5], seed: 7);
        using Tensor outputs = model.Apply(inputArr);
        string folder = dir.File("my_model");
        model.Save(folder);

        // Option 1: load with the custom_object argument.
        Model loaded1 = Model.Load(folder, new Dictionary<string, object> { ["CustomModel"] = typeof(CustomModel) });

        // Option 2: load without the CustomModel class (it is not registered, so the loader cannot see it).
        Model loaded2 = Model.Load(folder);

        Assert.IsType<CustomModel>(loaded1);
        Assert.IsNotType<CustomModel>(loaded2);
        using (Tensor y1 = loaded1.Predict(inputArr))
        using (Tensor y2 = loaded2.Predict(inputArr))
        {
            TensorAssert.Equal(outputs, y1, atol: 1e-6);
            TensorAssert.Equal(outputs, y2, atol: 1e-6);
        }

        Assert.Equal(6, loaded2.TrainableWeights.Count);
        loaded2.Compile(optimizer: "adam", loss: "mse");
        using Tensor x = Ops.RandomUniform([64, 5], seed: 8);
        using Tensor y = Ops.RandomUniform([64, 10], seed: 9);
        var history = loaded2.Fit(x, y, epochs: 5, verbose: 0);
        Assert.True(history["loss"][^1] < history["loss"][0], "the revived model trains");
    }

    [Fact]
    public void UntraceableLayer_FailsTheSaveNamingIt_AndSaveTracesFalseWorks()
    {
        using var dir = new TempDirectory();
        var inputs = new Input([6, 2]);
        var model = new Model(inputs, new TorchDirectLayer(name: "my_torch_layer").Apply(inputs));

        var ex = Assert.Throws<NotSupportedException>(() => model.Save(dir.File("conv")));
        Assert.Contains("my_torch_layer", ex.Message, StringComparison.Ordinal);
        Assert.Contains("saveTraces: false", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Ops", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("conv")));

        model.Save(dir.File("conv"), saveTraces: false);
        Assert.True(File.Exists(Path.Combine(dir.File("conv"), "saved_model.pb")));
    }

    /// <summary>A layer that computes with TorchSharp directly (x * 2 through the tensor's operator), not through Ops.</summary>
    private sealed class TorchDirectLayer(string? name = null) : Layer(name ?? "torch_direct")
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * 2;
    }

    [Fact]
    public void ConvolutionalModelWithBatchNormAndDropout_IsTracedAndServedByTheGraph()
    {
        using var dir = new TempDirectory();
        var inputs = new Input([9, 9, 2], name: "image");
        var x = new Conv2D(4, [3, 3], strides: [2, 2], padding: "same", activation: "relu").Apply(inputs);
        x = new MaxPooling2D([2, 2]).Apply(x);
        x = new Conv2D(3, [2, 2]).Apply(x);
        x = new AveragePooling2D([2, 2], padding: "same").Apply(x);
        x = new BatchNormalization().Apply(x);
        var model = new Model(inputs, new Dense(2).Apply(new Dropout(0.5).Apply(new Flatten().Apply(x))));
        foreach (Variable v in model.Weights.Where(w => w.Name.Contains("moving", StringComparison.Ordinal)))
        {
            // Non-trivial statistics, so the traced normalization is really exercised.
            using Tensor r = Ops.RandomUniform(v.Shape.ToArray(), seed: 3);
            v.Assign(r);
        }

        string folder = dir.File("cnn");
        model.Save(folder);

        using var loaded = SavedModel.Load(folder);
        using Tensor input = Ops.RandomNormal([3, 9, 9, 2], seed: 6);
        using Tensor expected = model.Predict(input);
        using Tensor actual = loaded.Call(input);
        TensorAssert.Equal(expected, actual, atol: 1e-5);
    }

    [Fact]
    public void SequenceModelWithConv1DRank3DenseLayerNormAndGlobalPooling_IsTracedAndServedByTheGraph()
    {
        using var dir = new TempDirectory();
        var inputs = new Input([5, 3], name: "sequence");
        var x = new Conv1D(4, [3], padding: "causal", dilationRate: [2]).Apply(inputs);
        x = new Conv1D(6, [2], strides: [2], padding: "same", activation: "relu").Apply(x);
        x = new Dense(6, activation: "relu").Apply(x);
        x = new LayerNormalization().Apply(x);
        x = new GlobalAveragePooling1D().Apply(x);
        var model = new Model(inputs, new Dense(2, activation: "softmax").Apply(x));
        string folder = dir.File("sequence_model");
        model.Save(folder);

        using var loaded = SavedModel.Load(folder);
        using Tensor input = Ops.RandomNormal([4, 5, 3], seed: 8);
        using Tensor expected = model.Predict(input);
        using Tensor actual = loaded.Call(input);
        TensorAssert.Equal(expected, actual, atol: 1e-5);
    }

    [Fact]
    public void SaveTracesFalse_WritesNoFunctionsAndStillLoadsWithTheClasses()
    {
        using var dir = new TempDirectory();
        Model model = GuideModels.GetModel();
        string traced = dir.File("traced"), plain = dir.File("plain");
        model.Save(traced);
        model.Save(plain, saveTraces: false);

        Assert.True(new FileInfo(Path.Combine(plain, "saved_model.pb")).Length < new FileInfo(Path.Combine(traced, "saved_model.pb")).Length);
        using (var graphOnly = SavedModel.Load(plain))
        {
            Assert.Empty(graphOnly.Signatures);
        }

        Model back = Model.Load(plain);
        using Tensor x = Ops.RandomUniform([4, 32], seed: 3);
        using Tensor a = model.Predict(x);
        using Tensor b = back.Predict(x);
        TensorAssert.Equal(a, b, atol: 0);
    }
}
