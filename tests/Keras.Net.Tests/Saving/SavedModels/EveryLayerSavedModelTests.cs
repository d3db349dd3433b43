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
    /// <summary>More configurations of layers whose tracing depends on their arguments.</summary>
    private static readonly Dictionary<string, (Func<Layer> Make, long[][] Inputs, int Weights)> Variants = new()
    {
        ["Conv2D groups=2, dilation 2"] = (() => new Conv2D(4, [2], dilationRate: [2], groups: 2), [[6, 6, 4]], 2),
        ["Conv1D same, strides 2"] = (() => new Conv1D(3, [3], strides: [2], padding: "same"), [[7, 2]], 2),
        ["Conv3D same"] = (() => new Conv3D(2, [2], padding: "same"), [[3, 4, 3, 2]], 2),
        ["Conv2D channels_first"] = (() => new Conv2D(2, [2], dataFormat: "channels_first"), [[3, 4, 4]], 2),
        ["Conv1DTranspose valid"] = (() => new Conv1DTranspose(2, [3], strides: [2]), [[4, 3]], 2),
        ["Conv2DTranspose same"] = (() => new Conv2DTranspose(3, [3], strides: [2], padding: "same"), [[3, 3, 2]], 2),
        ["DepthwiseConv2D same, strides 2"] = (() => new DepthwiseConv2D([3], strides: [2], padding: "same"), [[5, 5, 2]], 2),
        ["MaxPooling1D same"] = (() => new MaxPooling1D(padding: "same"), [[5, 3]], 0),
        ["AveragePooling3D same"] = (() => new AveragePooling3D(padding: "same"), [[3, 3, 3, 2]], 0),
        ["ReLU max_value, threshold, slope"] = (() => new ReLU(maxValue: 1.5, negativeSlope: 0.1, threshold: 0.3), [[4]], 0),
        ["ReLU max_value 6"] = (() => new ReLU(maxValue: 6), [[4]], 0),
        ["ELU alpha 0.5"] = (() => new ELU(0.5), [[4]], 0),
        ["Softmax axis 1"] = (() => new Softmax(axis: 1), [[3, 4]], 0),
        ["Activation gelu"] = (() => new Activation("gelu"), [[4]], 0),
        ["Activation swish"] = (() => new Activation("swish"), [[4]], 0),
        ["Activation hard_sigmoid"] = (() => new Activation("hard_sigmoid"), [[4]], 0),
        ["LSTM go_backwards, sequences"] = (() => new LSTM(2, goBackwards: true, returnSequences: true), [[4, 3]], 3),
        ["GRU reset_after false"] = (() => new GRU(2, resetAfter: false, returnSequences: true), [[4, 3]], 3),
        ["Bidirectional sum of SimpleRNN"] = (() => new Bidirectional(new SimpleRNN(2, returnSequences: true), mergeMode: "sum"), [[4, 3]], 6),
        ["Attention dot, scaled"] = (() => new Attention(useScale: true), [[4, 3], [5, 3]], 1),
        ["MultiHeadAttention with key"] = (() => new MultiHeadAttention(2, 2), [[4, 3], [5, 3], [5, 2]], 8),
        ["Dot normalized, axes 2"] = (() => new Dot(2, normalize: true), [[3, 4], [5, 4]], 0),
        ["Concatenate axis 1"] = (() => new Concatenate(axis: 1), [[2, 3], [4, 3]], 0),
        ["Cropping2D asymmetric"] = (() => new Cropping2D(new[] { new[] { 1, 0 }, new[] { 0, 2 } }), [[4, 5, 2]], 0),
        ["ZeroPadding2D asymmetric"] = (() => new ZeroPadding2D(new[] { new[] { 1, 0 }, new[] { 0, 2 } }), [[3, 3, 2]], 0),
        ["UpSampling2D size 2x3"] = (() => new UpSampling2D(new[] { 2, 3 }), [[2, 2, 2]], 0),
        ["BatchNormalization on images"] = (() => new BatchNormalization(), [[3, 3, 2]], 4),
        ["LayerNormalization two axes"] = (() => new LayerNormalization(axis: new[] { -2, -1 }), [[3, 4]], 2),
    };

    public static TheoryData<string> LayerNames() => new(LayerHarnessTests.Cases.Keys.Concat(Variants.Keys));

    [Fact]
    public void EveryRegisteredLayer_HasACase()
    {
        string[] notCallableAlone = ["InputLayer", "Sequential", "Model", "Functional", "TorchModuleWrapper"];
        var registered = Keras.Net.Serialization.KerasRegistry.BuiltInsOf("layer")
            .Where(kv => kv.Key == kv.Value.Name && !notCallableAlone.Contains(kv.Key))
            .Select(kv => kv.Key);

        Assert.Empty(registered.Except(LayerHarnessTests.Cases.Keys));
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void DefaultSave_GraphAndRevivedModelPredictAsTheModel(string caseName)
    {
        var (make, inputDims, _) = Variants.TryGetValue(caseName, out var variant) ? variant : LayerHarnessTests.Cases[caseName];
        bool indices = caseName == "Embedding";
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
        HideClass(folder, layer.GetType().Name);
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
