// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>The guide's SavedModel sections (tf.keras 2.x save_and_serialize).</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class SavedModelGuideTests : KerasTestBase
{
    private static Model GetModel()
    {
        var inputs = new Input([32]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        model.Compile(optimizer: "adam", loss: "mean_squared_error");
        return model;
    }

    [Fact]
    public void GuideSavedModel_SaveListLoadPredictAndResume()
    {
        using var dir = new TempDirectory();
        using Tensor testInput = Ops.RandomUniform([128, 32], seed: 1);
        using Tensor testTarget = Ops.RandomUniform([128, 1], seed: 2);
        Model model = GetModel();
        model.Fit(testInput, testTarget, verbose: 0);

        string folder = dir.File("my_model");
        model.Save(folder);

        Assert.Equal(["assets", "keras_metadata.pb", "saved_model.pb", "variables"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
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
    public void SaveTracesFalse_WritesNoFunctionsAndStillLoadsWithTheClasses()
    {
        using var dir = new TempDirectory();
        Model model = GetModel();
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
