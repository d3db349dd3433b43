// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Serialization;

/// <summary>
/// The model configs inside real Keras files: every keras2-h5 <c>model_config</c> and every .keras
/// <c>config.json</c> either rebuilds and re-serializes to semantically equal JSON, or fails with the one
/// documented exception naming the class this library does not have yet.
/// </summary>
public sealed class FixtureConfigTests : KerasTestBase
{
    /// <summary>Keys older Keras versions did not write; ours may add them with exactly these values.</summary>
    private static readonly Dictionary<string, JsonNode?> AddedDefaults = new()
    {
        ["dtype"] = "float32",
        ["ragged"] = false,
        ["trainable"] = true,
        ["activity_regularizer"] = null,
        ["groups"] = 1,
        ["time_major"] = false,
        ["implementation"] = 2, // Keras 3 dropped it; tf.keras 2 writes its default, 2
        ["data_format"] = "channels_last", // Keras 2.0-2.1 Conv1D left it out of its config
    };

    public static TheoryData<string> H5Files() => new(Fixtures.Files("keras2-h5", "*.h5").Select(Path.GetFileName).Select(f => f!));

    public static TheoryData<string> KerasFiles() => new(Fixtures.Files("keras3", "*.keras").Select(Path.GetFileName).Select(f => f!));

    [FixtureTheory]
    [MemberData(nameof(H5Files))]
    public void Keras2H5_ModelConfig_RebuildsToEqualJson_OrNamesTheMissingClass(string file)
    {
        string json;
        using (var h5 = H5File.OpenRead(Fixtures.PathOf("keras2-h5/" + file)))
        {
            json = h5.Attribute("model_config").Read<string>();
        }

        CheckConfig(json, file);
    }

    [FixtureTheory]
    [MemberData(nameof(KerasFiles))]
    public void Keras3Archive_ConfigJson_RebuildsToEqualJson_OrNamesTheMissingClass(string file)
    {
        using ZipArchive zip = ZipFile.OpenRead(Fixtures.PathOf("keras3/" + file));
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        string json = reader.ReadToEnd();
        Model model;
        try
        {
            model = Model.FromJson(json);
        }
        catch (KerasFormatException e)
        {
            Assert.True(e.Message.Contains("Unknown layer:", StringComparison.Ordinal), $"{file}: unexpected failure: {e.Message}");
            return;
        }

        // Keras 3 configs are read, and written back in the tf.keras 2 dialect (the Keras 3 writer is the
        // .keras issue): translate the original to that dialect (Keras3Dialect) and compare semantically.
        JsonNode original = Keras3Dialect.ToTfKeras2(PythonJson.Parse(json))!;
        JsonNode ours = PythonJson.Parse(model.ToJson());
        AssertSemanticallyEqual(original["config"], ours["config"], file + ":$.config");
        Assert.Equal(model.ToJson(), Model.FromJson(model.ToJson()).ToJson());
    }

    [FixtureFact]
    public void SupportedFixtures_AreTheDenseOnes()
    {
        // A guard that the theory above really rebuilds something: these three files use only Dense.
        foreach (string f in new[] { "k209_seq_dense_adam_noslots.h5", "k213_theano_seq_dense.h5", "k2100_iris_seq_dense_adam.h5" })
        {
            using var h5 = H5File.OpenRead(Fixtures.PathOf("keras2-h5/" + f));
            Model model = Model.FromJson(h5.Attribute("model_config").Read<string>());
            Assert.True(model.Built);
            Assert.All(model.Layers, l => Assert.IsType<Keras.Net.Layers.Dense>(l));
        }
    }

    [FixtureFact]
    public void Keras3Archive_DenseLeakyReLU_IsComparedSemantically()
    {
        // A guard that the .keras theory really rebuilds and compares a Keras 3 config.
        using ZipArchive zip = ZipFile.OpenRead(Fixtures.PathOf("keras3/k392_seq_dense_leakyrelu.keras"));
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        Model model = Model.FromJson(reader.ReadToEnd());

        Assert.Equal(["Dense", "Dropout", "Dense", "LeakyReLU", "Dense", "LeakyReLU", "Dense"], model.Layers.Select(l => l.GetType().Name));
        Assert.Equal(10786, model.CountParams());
    }

    [FixtureFact]
    public void Keras3LegacyH5_Config_Rebuilds()
    {
        using var h5 = H5File.OpenRead(Fixtures.PathOf("keras3/legacy-h5/k370_iris_seq_dense_adam.h5"));

        Model model = Model.FromJson(h5.Attribute("model_config").Read<string>());

        Assert.Equal(["dense", "dense_1", "dense_2"], model.Layers.Select(l => l.Name));
        Assert.Equal(new Shape([null, 4]), model.Inputs[0].Shape);
        Assert.Equal((4 * 16) + 16 + (16 * 16) + 16 + (16 * 3) + 3, model.CountParams());
    }

    private static void CheckConfig(string json, string file)
    {
        JsonNode original = PythonJson.Parse(json);
        Model model;
        try
        {
            model = Model.FromJson(json);
        }
        catch (KerasFormatException e)
        {
            // Not rebuildable yet: the reason must be a class this library lacks (or a Lambda), named with its path.
            string[] known = ["Unknown layer:", "Lambda layers hold Python bytecode", "Unknown object:"];
            Assert.True(known.Any(k => e.Message.Contains(k, StringComparison.Ordinal)), $"{file}: unexpected failure: {e.Message}");
            Assert.Contains("$.", e.Message);
            return;
        }

        JsonNode ours = PythonJson.Parse(model.ToJson());
        AssertSemanticallyEqual(original["config"], ours["config"], file + ":$.config");
        Assert.Equal(original["class_name"]!.GetValue<string>() is "Model" ? "Functional" : original["class_name"]!.GetValue<string>(), ours["class_name"]!.GetValue<string>());
    }

    private static void AssertSemanticallyEqual(JsonNode? original, JsonNode? ours, string path)
    {
        // A Sequential config written as a bare list (Keras <= 2.2) equals our {"name", "layers"} form;
        // ours adds the input layer that the first layer's batch_input_shape implies.
        if (original is JsonArray list && ours is JsonObject seq && seq["layers"] is JsonArray layers)
        {
            var mine = layers.ToList();
            if (mine.Count == list.Count + 1 && mine[0]?["class_name"]?.GetValue<string>() == "InputLayer")
            {
                mine.RemoveAt(0);
            }

            AssertSemanticallyEqual(list, new JsonArray(mine.Select(n => n?.DeepClone()).ToArray()), path);
            return;
        }

        // Ours writes the input layer that the first layer's batch_input_shape implies (tf.keras >= 2.4 does too).
        if (original is JsonObject origSeq && origSeq["layers"] is JsonArray origLayers && ours is JsonObject oursSeq && oursSeq["layers"] is JsonArray oursLayers
            && oursLayers.Count == origLayers.Count + 1 && oursLayers[0]?["class_name"]?.GetValue<string>() == "InputLayer"
            && origLayers.Count > 0 && origLayers[0]?["class_name"]?.GetValue<string>() != "InputLayer")
        {
            var trimmed = (JsonObject)oursSeq.DeepClone();
            ((JsonArray)trimmed["layers"]!).RemoveAt(0);
            ours = trimmed;
        }

        switch (original)
        {
            case null:
                Assert.True(ours is null, $"{path}: expected null, got {ours?.ToJsonString()}");
                break;
            case JsonObject o:
                var obj = Assert.IsType<JsonObject>(ours);
                foreach (var (k, v) in o)
                {
                    if (!obj.ContainsKey(k) && Keras3Dialect.OmittedWhenDefault.TryGetValue(k, out JsonNode? dflt) && JsonNode.DeepEquals(dflt, v))
                    {
                        continue;
                    }

                    Assert.True(obj.ContainsKey(k), $"{path}.{k}: missing in the re-serialized config");
                    AssertSemanticallyEqual(v, obj[k], $"{path}.{k}");
                }

                foreach (var (k, v) in obj)
                {
                    if (!o.ContainsKey(k))
                    {
                        Assert.True(AddedDefaults.TryGetValue(k, out JsonNode? d) && JsonNode.DeepEquals(d, v), $"{path}.{k}: added key with a non-default value {v?.ToJsonString()}");
                    }
                }

                break;
            case JsonArray a:
                var arr = Assert.IsType<JsonArray>(ours);
                Assert.True(a.Count == arr.Count, $"{path}: {a.Count} items expected, {arr.Count} found");
                for (int i = 0; i < a.Count; i++)
                {
                    AssertSemanticallyEqual(a[i], arr[i], $"{path}[{i}]");
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                // Values Keras keeps as float32 are written widened (0.01 -> 0.009999999776482582): float32 tolerance.
                Assert.True(ours is JsonValue n && n.GetValueKind() == JsonValueKind.Number && Math.Abs(v.GetValue<double>() - n.GetValue<double>()) <= 1e-7 * Math.Max(1, Math.Abs(v.GetValue<double>())), $"{path}: {v} != {ours?.ToJsonString()}");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(original, ours), $"{path}: {original.ToJsonString()} != {ours?.ToJsonString()}");
                break;
        }
    }
}
