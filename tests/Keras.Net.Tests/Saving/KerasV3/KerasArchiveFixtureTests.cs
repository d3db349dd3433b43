// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Saving.KerasV3;

/// <summary>Real Keras 3 <c>.keras</c> archives load and predict; safe loading refuses hostile archives.</summary>
public sealed class KerasArchiveFixtureTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("k392_seq_dense_leakyrelu.keras", "layers/dense/vars/0", 0)]
    [InlineData("k380_seq_masking_lstm_nocompile.keras", "layers/lstm/cell/vars/1", 1)]
    public void Keras3SequentialArchives_LoadWithEveryWeightFromItsPath(string file, string dataset, int weightIndex)
    {
        string path = Fixtures.PathOf("keras3/" + file);
        Model model = Model.Load(path);

        // Independent of our walker: the dataset read straight from the archive's weights file with PureHDF.
        using ZipArchive zip = ZipFile.OpenRead(path);
        using var weights = new MemoryStream();
        using (Stream s = zip.GetEntry("model.weights.h5")!.Open())
        {
            s.CopyTo(weights);
        }

        weights.Position = 0;
        using var h5 = H5File.Open(weights, leaveOpen: true);
        float[] expected = h5.Dataset(dataset).Read<float[]>();
        Assert.Equal(expected, model.Weights[weightIndex].ToArray());

        IReadOnlyList<long?> input = model.Layers[0].Input.Shape;
        using Tensor x = Ops.RandomUniform([2, .. input.Skip(1).Select(d => d ?? 3)], seed: 1);
        using Tensor y = model.Predict(x);
        Assert.Equal(2, Ops.ShapeOf(y)[0]);
    }

    [FixtureFact]
    public void CompiledKeras3Archive_LoadsCompiledWithItsAdamState()
    {
        string path = Fixtures.PathOf("keras3/k392_seq_dense_leakyrelu.keras");
        Model model = Model.Load(path);

        Assert.True(model.IsCompiled);
        Assert.Equal("Adam", model.Optimizer!.GetType().Name);
        Assert.True(model.Optimizer.Iterations > 0);
    }

    [FixtureTheory]
    [InlineData("k3132_subclassed_customlayer_fixed.keras", "TestModel")]
    [InlineData("k3150_subclassed_nested_container.keras", "NestedDenseModel")]
    public void SubclassedArchives_WithoutTheirClasses_FailNamingTheClass(string file, string className)
    {
        var ex = Assert.Throws<KerasFormatException>(() => Model.Load(Fixtures.PathOf("keras3/" + file)));
        Assert.Contains(className, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The fixtures' custom layer: three Dense layers in a list attribute (tracked by Keras unless "bugged").</summary>
    private sealed class CustomLayer : Layer
    {
        private readonly List<Dense> _customLayers = [new Dense(64), new Dense(32), new Dense(10)];

        public CustomLayer()
            : base("custom_layer")
        {
        }

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using TensorScope scope = Ops.NewScope();
            Tensor x = inputs;
            foreach (Dense d in _customLayers)
            {
                x = d.Apply(x, training);
            }

            return scope.Keep(x);
        }
    }

    /// <summary>The fixtures' TestModel (registered "KerasTest>TestModel"; config <c>{"bugged": bool}</c>).</summary>
    private sealed class TestModel : Model
    {
        private readonly CustomLayer _customLayer = new();

        public TestModel(bool bugged = false, string? name = null, bool trainable = true, string? dtype = null)
            : base(name)
        {
            Bugged = bugged;
        }

        public bool Bugged { get; }

        protected override Tensor Call(Tensor inputs, bool training) => _customLayer.Apply(inputs, training);

        public override System.Text.Json.Nodes.JsonObject GetConfig()
        {
            var config = base.GetConfig();
            config["bugged"] = Bugged;
            return config;
        }
    }

    private static readonly Dictionary<string, object> TestModelClass = new() { ["KerasTest>TestModel"] = typeof(TestModel), ["TestModel"] = typeof(TestModel) };

    [FixtureFact]
    public void SubclassedArchiveWithItsClass_LoadsEveryNestedWeightFromItsPath()
    {
        string path = Fixtures.PathOf("keras3/k3132_subclassed_customlayer_fixed.keras");
        Model model = Model.Load(path, TestModelClass);

        Assert.Equal(6, model.Weights.Count);
        using ZipArchive zip = ZipFile.OpenRead(path);
        using var weights = new MemoryStream();
        using (Stream s = zip.GetEntry("model.weights.h5")!.Open())
        {
            s.CopyTo(weights);
        }

        weights.Position = 0;
        using var h5 = H5File.Open(weights, leaveOpen: true);
        Assert.Equal(h5.Dataset("layers/custom_layer/_custom_layers/dense_2/vars/0").Read<float[]>(), model.Weights[4].ToArray());
        Assert.True(model.IsCompiled);
        using Tensor x = Ops.RandomUniform([3, 32], seed: 2);
        using Tensor y = model.Predict(x);
        Assert.Equal([3L, 10], Ops.ShapeOf(y).ToArray());
    }

    [FixtureFact]
    public void BuggedArchive_IsReportedClearly_ItsLayerWeightsAreMissing()
    {
        var ex = Assert.Throws<KerasFormatException>(() => Model.Load(Fixtures.PathOf("keras3/k3132_subclassed_customlayer_bugged.keras"), TestModelClass));

        Assert.Contains("has no group for 2 variable(s)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("/layers/custom_layer/_custom_layers/dense/vars", ex.Path);
    }

    [Fact]
    public void HostileArchives_AreRefusedClearly()
    {
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        string escaping = dir.File("escape.keras");
        using (var zip = ZipFile.Open(escaping, ZipArchiveMode.Create))
        {
            zip.CreateEntry("../evil.txt");
            zip.CreateEntry("config.json");
        }

        var ex = Assert.Throws<KerasFormatException>(() => Model.Load(escaping));
        Assert.Equal("../evil.txt", ex.Path);

        string bomb = dir.File("bomb.keras");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            using Stream s = zip.CreateEntry("config.json", CompressionLevel.SmallestSize).Open();
            s.Write(new byte[80 << 20]);
        }

        var bombError = Assert.Throws<KerasFormatException>(() => Model.Load(bomb));
        Assert.Contains("config.json", bombError.Message, StringComparison.Ordinal);
    }
}
