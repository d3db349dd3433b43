// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving;
using Tensor = TorchSharp.torch.Tensor;

namespace Keras.Net.Extensibility.Tests;

/// <summary>A format written outside the library plugs into Save/Load through the public registry alone.</summary>
public sealed class ModelFormatRegistryTests
{
    /// <summary>A toy format (".toy"): the model's JSON config and its weights as JSON numbers. Public API only.</summary>
    private sealed class ToyFormat : IModelFormat
    {
        public string Name => "toy";

        public bool IsWrittenFor(string path) => path.EndsWith(".toy", StringComparison.Ordinal);

        public bool CanRead(string path) => File.Exists(path) && File.ReadAllText(path).StartsWith("{\"toy\":", StringComparison.Ordinal);

        public void Save(Model model, string path, ModelSaveOptions options)
        {
            var payload = new Dictionary<string, object> { ["toy"] = model.ToJson(), ["weights"] = model.Weights.Select(w => w.ToArray()).ToArray() };
            File.WriteAllText(path, JsonSerializer.Serialize(payload));
        }

        public Model Load(string path, ModelLoadOptions options)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            Model model = Model.FromJson(doc.RootElement.GetProperty("toy").GetString()!, options.CustomObjects);
            var values = doc.RootElement.GetProperty("weights").EnumerateArray().Select(a => a.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
            var tensors = model.Weights.Select((w, i) => Ops.FromArray(values[i], w.Shape.ToArray())).ToList();
            model.SetWeights(tensors);
            tensors.ForEach(t => t.Dispose());
            return model;
        }

        public void SaveWeights(Model model, string path) => throw new NotSupportedException("The toy format has no weights-only form.");

        public LoadStatus LoadWeights(Model model, string path, bool byName, bool skipMismatch) => throw new NotSupportedException("The toy format has no weights-only form.");
    }

    [Fact]
    public void ThirdPartyFormat_IsChosenBySuffixAndRecognizedByContent()
    {
        var toy = new ToyFormat();
        ModelFormatRegistry.Register(toy);
        try
        {
            string dir = Path.Combine(Path.GetTempPath(), "kerasnet-ext-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var model = new Sequential([new Input([3]), new Dense(2)]);
            string path = Path.Combine(dir, "model.toy");

            model.Save(path);
            Model back = Model.Load(path);

            Assert.StartsWith("{\"toy\":", File.ReadAllText(path), StringComparison.Ordinal);
            Assert.Equal(model.Weights.Select(w => w.ToArray()), back.Weights.Select(w => w.ToArray()));
            Assert.Same(toy, ModelFormatRegistry.Formats[0]);
            Assert.Throws<ArgumentException>(() => ModelFormatRegistry.Register(new ToyFormat()));
            Directory.Delete(dir, recursive: true);
        }
        finally
        {
            Assert.True(ModelFormatRegistry.Unregister(toy));
        }

        Assert.DoesNotContain(ModelFormatRegistry.Formats, f => f.Name == "toy");
        Assert.Equal(["keras", "h5", "tf"], ModelFormatRegistry.Formats.Select(f => f.Name));
    }
}
