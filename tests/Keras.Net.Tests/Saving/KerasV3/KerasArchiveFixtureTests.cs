// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
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
