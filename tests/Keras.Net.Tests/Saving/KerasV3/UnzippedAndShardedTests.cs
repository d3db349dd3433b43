// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.KerasV3;

/// <summary>
/// Keras 3's other two weight layouts: the unzipped <c>.keras</c> folder (<c>save(..., zipped=False)</c>) and sharded
/// weights (<c>save_weights("x.weights.json", max_shard_size=...)</c>: a manifest <c>{"metadata": {"total_size"},
/// "weight_map": {"/layers/&lt;name&gt;/vars": "x_00000.weights.h5"}}</c> and numbered shards beside it, as Keras's
/// <c>ShardedH5IOStore</c> writes them).
/// </summary>
public sealed class UnzippedAndShardedTests : KerasTestBase
{
    private static Sequential Mlp() => new([new Input([6]), new Dense(8, name: "dense"), new Dense(8, name: "dense_1"), new Dense(2, name: "dense_2")]);

    [Fact]
    public void UnzippedKeras_IsAFolderOfTheArchivesFiles_AndLoadsBack()
    {
        using var dir = new TempDirectory();
        using Sequential model = Mlp();
        model.Compile(optimizer: "adam", loss: "mse");
        string folder = dir.File("m.keras"), zip = dir.File("z.keras");

        model.Save(folder, zipped: false);
        model.Save(zip);

        Assert.True(Directory.Exists(folder));
        Assert.Equal(["config.json", "metadata.json", "model.weights.h5"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (ZipArchive archive = ZipFile.OpenRead(zip))
        using (var reader = new StreamReader(archive.GetEntry("config.json")!.Open()))
        {
            Assert.Equal(reader.ReadToEnd(), File.ReadAllText(Path.Combine(folder, "config.json")));
        }

        using Model loaded = Model.Load(folder);
        using Tensor x = Ops.RandomUniform([3, 6], seed: 4);
        using Tensor want = model.Predict(x), got = loaded.Predict(x);
        TensorAssert.Close(Ops.ToFloatArray(want), got);
        Assert.NotNull(loaded.Optimizer);

        // Saving again replaces the folder whole.
        model.Save(folder, zipped: false);
        using Model again = Model.Load(folder);
        Assert.Equal(3, again.Layers.Count);
    }

    [Fact]
    public void Zipped_False_ForAnotherFormat_IsRefused()
    {
        using var dir = new TempDirectory();
        using Sequential model = Mlp();

        Assert.Throws<ArgumentException>(() => model.Save(dir.File("m.h5"), zipped: false));
    }

    [Fact]
    public void ShardedWeights_SplitByMaxShardSize_WithKerasManifest_AndLoadBack()
    {
        using var dir = new TempDirectory();
        using Sequential model = Mlp();
        string manifest = dir.File("model.weights.json");

        // 300 bytes per shard: dense (6*8+8)*4 = 224, dense_1 (8*8+8)*4 = 288, dense_2 (8*2+2)*4 = 72; 224 + 288 and
        // 288 + 72 both exceed 300, so each layer's group lands in its own shard.
        model.SaveWeights(manifest, maxShardSize: 300.0 / (1024 * 1024 * 1024));

        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        Assert.Equal(224 + 288 + 72, json["metadata"]!["total_size"]!.GetValue<long>());
        var map = json["weight_map"]!.AsObject();
        Assert.Equal("model_00000.weights.h5", map["/layers/dense/vars"]!.GetValue<string>());
        Assert.Equal("model_00001.weights.h5", map["/layers/dense_1/vars"]!.GetValue<string>());
        Assert.Equal("model_00002.weights.h5", map["/layers/dense_2/vars"]!.GetValue<string>());
        Assert.True(File.Exists(dir.File("model_00002.weights.h5")));

        using Sequential fresh = Mlp();
        fresh.LoadWeights(manifest);
        for (int i = 0; i < model.Weights.Count; i++)
        {
            Assert.Equal(model.Weights[i].ToArray(), fresh.Weights[i].ToArray());
        }
    }

    [Fact]
    public void ShardedWeights_OneLayerOverTheLimit_IsRefused()
    {
        using var dir = new TempDirectory();
        using Sequential model = Mlp();

        var e = Assert.Throws<ArgumentException>(() => model.SaveWeights(dir.File("w.weights.json"), maxShardSize: 100.0 / (1024 * 1024 * 1024)));
        Assert.Contains("max_shard_size", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.SaveWeights(dir.File("w.h5"), maxShardSize: 1));
    }

    [Theory]
    [InlineData("../outside.weights.h5", "not a plain file name")]
    [InlineData("missing_00000.weights.h5", "is missing")]
    public void HostileOrBrokenManifest_FailsNamingTheManifest(string shard, string expected)
    {
        using var dir = new TempDirectory();
        string manifest = dir.File("bad.weights.json");
        File.WriteAllText(manifest, "{\"metadata\": {\"total_size\": 1}, \"weight_map\": {\"/layers/dense/vars\": \"" + shard + "\"}}");
        using Sequential model = Mlp();

        var e = Assert.Throws<KerasFormatException>(() => model.LoadWeights(manifest));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("bad.weights.json", e.Message, StringComparison.Ordinal);
    }
}
