// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Protos.KerasMetadata;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.Layers;
using Keras.Net.Tests.TestSupport;
using Google.Protobuf;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>
/// Every registered built-in layer (the layer harness's cases, which <see cref="LayerHarnessTests"/> checks against
/// the registry) saves in the default format with its traced serving function: the graph run by
/// <see cref="SavedModel.Load"/> predicts what the model predicts, and <c>Model.Load</c> without the layer's class
/// revives the model from that function with the same predictions.
/// </summary>
public sealed class EveryLayerSavedModelTests : KerasTestBase
{
    public static TheoryData<string> LayerNames() => new(LayerHarnessTests.Cases.Keys);

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void DefaultSave_GraphAndRevivedModelPredictAsTheModel(string className)
    {
        var (make, inputDims, _) = LayerHarnessTests.Cases[className];
        bool indices = className == "Embedding";
        Input[] inputs = inputDims.Select((d, i) => new Input(new Shape(d.Select(v => (long?)v).ToArray()), name: "in_" + i, dtype: indices ? "int64" : null)).ToArray();
        Layer layer = make();
        IReadOnlyList<KerasTensor> outputs = layer.ApplyMulti(inputs);
        var model = new Model(inputs, outputs);
        Randomize(model);

        Tensor[] x = inputDims
            .Select((d, i) => indices
                ? Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform([3, .. d], seed: 11 + i), 10), 0, 9), Keras.Net.Backend.DType.Int64)
                : Ops.RandomNormal([3, .. d], seed: 21 + i))
            .ToArray();
        IReadOnlyList<Tensor> expected = model.Predict(x);

        using var dir = new TempDirectory();
        string folder = dir.File("model");
        model.Save(folder);

        using (var graph = SavedModel.Load(folder))
        {
            SavedModelSignature serving = graph.Signatures["serving_default"];
            var feeds = serving.Inputs.Select((spec, i) => (spec.Name, x[i])).ToDictionary(p => p.Name, p => p.Item2);
            IReadOnlyDictionary<string, Tensor> results = serving.Call(feeds);
            Assert.Equal(expected.Count, results.Count);
            foreach (var (key, actual) in results)
            {
                int i = model.Outputs.ToList().FindIndex(o => o.SourceLayer?.Name == key);
                TensorAssert.Equal(expected[Math.Max(i, 0)], actual, atol: 1e-5);
            }
        }

        // Without the layer's class (renamed in the metadata as a user without it would see it), Model.Load revives
        // the model from its serving function.
        HideClass(folder, className);
        using Model revived = Model.Load(folder, compile: false);
        Assert.NotEqual(typeof(Model), revived.GetType());
        IReadOnlyList<Tensor> again = revived.Predict(x);
        Assert.Equal(expected.Count, again.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            TensorAssert.Equal(expected[i], again[i], atol: 1e-5);
        }
    }

    /// <summary>Random weights (positive variances) so that every weight matters to the prediction.</summary>
    private static void Randomize(Model model)
    {
        int seed = 3;
        foreach (Variable w in model.Weights.Where(w => w.DType.IsFloating))
        {
            using Tensor r = w.Name.Contains("variance", StringComparison.Ordinal)
                ? Ops.Add(Ops.RandomUniform(w.Shape.ToArray(), seed: seed++), 0.5)
                : Ops.Multiply(Ops.RandomNormal(w.Shape.ToArray(), seed: seed++), 0.5);
            w.Assign(r);
        }
    }

    private static void HideClass(string folder, string className)
    {
        string file = Path.Combine(folder, "keras_metadata.pb");
        SavedMetadata metadata = SavedMetadata.Parser.ParseFrom(File.ReadAllBytes(file));
        foreach (SavedObject node in metadata.Nodes)
        {
            node.Metadata = Regex.Replace(node.Metadata, $"\"class_name\": \"{className}\"", $"\"class_name\": \"Unavailable{className}\"");
        }

        File.WriteAllBytes(file, metadata.ToByteArray());
    }
}
