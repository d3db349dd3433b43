// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.Json.Nodes;
using Keras.Net.Models;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Serialization;
using PureHDF;

namespace Keras.Net.Saving.KerasV3;

/// <summary>
/// Loads Keras 3 <c>.keras</c> archives and <c>.weights.h5</c> files (formats.md 2): the model from
/// <c>config.json</c> through the registry (nothing outside it is instantiated: Keras's safe mode), compiled from its
/// <c>compile_config</c>, then every object's <c>vars</c> group assigned by path and index.
/// </summary>
internal static class Keras3Loader
{
    internal static Model Load(string path, IReadOnlyDictionary<string, object>? customObjects, bool compile)
    {
        if (Directory.Exists(path))
        {
            return LoadFolder(path, customObjects, compile);
        }

        using KerasArchive archive = KerasArchive.Open(path);
        using var budget = Backend.AllocationBudget.ForFile(archive.SizeBound("model.weights.h5"), path);
        string json = Encoding.UTF8.GetString(archive.Read("config.json", KerasArchive.MaxJsonBytes));
        Model model = FromConfig(json, path + "!/config.json", path, customObjects, compile);

        // Stored weights (what Keras writes) are read in place; compressed ones are copied out to a temporary file.
        using Stream? stored = archive.OpenStored("model.weights.h5");
        if (stored is not null)
        {
            using Hdf5Reader reader = Hdf5Reader.Open(stored, path + "!/model.weights.h5");
            Assign(model, [reader], includeOptimizer: model.Optimizer is not null);
            return model;
        }

        string temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kerasnet-{Guid.NewGuid():N}.weights.h5");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                archive.CopyTo("model.weights.h5", file, KerasArchive.MaxWeightsBytes);
            }

            using Hdf5Reader reader = Hdf5Reader.Open(temp, path + "!/model.weights.h5");
            Assign(model, [reader], includeOptimizer: model.Optimizer is not null);
        }
        finally
        {
            File.Delete(temp);
        }

        return model;
    }

    /// <summary>Whether <paramref name="path"/> is an unzipped <c>.keras</c> folder (Keras 3's <c>zipped=False</c>).</summary>
    internal static bool IsFolder(string path) =>
        Directory.Exists(path) && File.Exists(System.IO.Path.Combine(path, "config.json")) && !File.Exists(System.IO.Path.Combine(path, "saved_model.pb"));

    /// <summary>An unzipped <c>.keras</c>: <c>config.json</c>, <c>metadata.json</c> and <c>model.weights.h5</c> in a folder.</summary>
    private static Model LoadFolder(string folder, IReadOnlyDictionary<string, object>? customObjects, bool compile)
    {
        string configPath = System.IO.Path.Combine(folder, "config.json");
        string weightsPath = System.IO.Path.Combine(folder, "model.weights.h5");
        Model model = FromConfig(ReadJson(configPath), configPath, folder, customObjects, compile);
        if (!File.Exists(weightsPath))
        {
            throw new KerasFormatException("The unzipped .keras folder has no model.weights.h5.", null, weightsPath);
        }

        using var budget = Backend.AllocationBudget.ForFile(new FileInfo(weightsPath).Length, weightsPath);
        using Hdf5Reader reader = Hdf5Reader.Open(weightsPath);
        Assign(model, [reader], includeOptimizer: model.Optimizer is not null);
        return model;
    }

    private static Model FromConfig(string json, string configFile, string path, IReadOnlyDictionary<string, object>? customObjects, bool compile)
    {
        var ctx = new DeserializationContext(customObjects, configFile);
        JsonNode config = PythonJson.Parse(json, path);
        Model model;
        using (Backend.InitializationScope.Skip())
        {
            model = (Model)KerasSerializer.Deserialize(config, typeof(Model), ctx, "$")!;
            ModelBuilding.EnsureBuilt(model, config["build_config"]?["input_shape"] ?? config["config"]?["build_input_shape"]);
        }

        if (compile && config["compile_config"] is JsonObject { Count: > 0 } compileConfig)
        {
            var training = new JsonObject
            {
                ["loss"] = compileConfig["loss"]?.DeepClone(),
                ["metrics"] = compileConfig["metrics"]?.DeepClone(),
                ["weighted_metrics"] = compileConfig["weighted_metrics"]?.DeepClone(),
                ["loss_weights"] = compileConfig["loss_weights"]?.DeepClone(),
                ["optimizer_config"] = compileConfig["optimizer"]?.DeepClone(),
            };
            TrainingConfig.Apply(model, training, ctx, "$.compile_config");
        }

        return model;
    }

    private static string ReadJson(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > KerasArchive.MaxJsonBytes)
        {
            throw new KerasFormatException($"The JSON file is {info.Length} bytes, over the {KerasArchive.MaxJsonBytes}-byte limit for a config.", null, path);
        }

        return File.ReadAllText(path, Encoding.UTF8);
    }

    /// <summary>
    /// <c>LoadWeights("x.weights.json")</c>: Keras 3's sharded weights (<c>save_weights(max_shard_size=...)</c>): a
    /// manifest <c>{"metadata": {"total_size": ...}, "weight_map": {"/layers/dense/vars": "x_00000.weights.h5", ...}}</c>
    /// and shards beside it, each holding the same tree for the groups it stores.
    /// </summary>
    internal static LoadStatus LoadShardedWeights(Model model, string path)
    {
        JsonNode manifest = PythonJson.Parse(ReadJson(path), path);
        if (manifest["weight_map"] is not JsonObject map)
        {
            throw new KerasFormatException("A sharded weights manifest needs a \"weight_map\" object.", "$.weight_map", path);
        }

        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        var shards = new List<string>();
        foreach (var (group, file) in map)
        {
            string name = file is JsonValue v && v.TryGetValue(out string? f) ? f : throw new KerasFormatException("A weight_map value must be a shard file name.", $"$.weight_map[\"{ErrorText.Clip(group, 200)}\"]", path);
            if (name.Length == 0 || name != System.IO.Path.GetFileName(name) || name is "." or "..")
            {
                throw new KerasFormatException($"The shard name '{ErrorText.Clip(name, 200)}' is not a plain file name beside the manifest.", $"$.weight_map[\"{ErrorText.Clip(group, 200)}\"]", path);
            }

            if (!shards.Contains(name))
            {
                shards.Add(name);
            }
        }

        var readers = new List<Hdf5Reader>();
        try
        {
            foreach (string shard in shards)
            {
                string shardPath = System.IO.Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    throw new KerasFormatException($"The shard '{shard}' named by the manifest is missing.", "$.weight_map", path);
                }

                readers.Add(Hdf5Reader.Open(shardPath));
            }

            return readers.Count == 0
                ? throw new KerasFormatException("The sharded weights manifest lists no shards.", "$.weight_map", path)
                : Assign(model, readers, includeOptimizer: false);
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    /// <summary><c>LoadWeights("x.weights.h5")</c>: the same layout at the root of a standalone file.</summary>
    internal static LoadStatus LoadWeights(Model model, string path)
    {
        using Hdf5Reader reader = Hdf5Reader.Open(path);
        return Assign(model, [reader], includeOptimizer: false);
    }

    /// <summary>Whether an HDF5 file has Keras 3's layout (a root <c>vars</c> or <c>layers</c> group, no <c>layer_names</c>).</summary>
    internal static bool IsKeras3Layout(string path)
    {
        using Hdf5Reader reader = Hdf5Reader.Open(path);
        return !reader.HasAttribute(reader.Root, "layer_names") && !reader.HasAttribute(reader.Root, "layer_names0")
            && !reader.HasLink(reader.Root, "model_weights") && (reader.HasLink(reader.Root, "vars") || reader.HasLink(reader.Root, "layers"));
    }

    private static LoadStatus Assign(Model model, IReadOnlyList<Hdf5Reader> readers, bool includeOptimizer)
    {
        Hdf5Reader reader = readers[0];
        var restored = new List<string>();
        var unmatched = new List<string>();
        var assignments = new List<(Variable Variable, Hdf5Reader Reader, string Dataset)>();
        if (includeOptimizer && model.Optimizer is { Built: false } unbuilt && reader.HasLink(reader.Root, "optimizer/vars"))
        {
            // The slots exist only once built; Keras 3 lists them per trainable variable, interleaved.
            unbuilt.Build(model.TrainableWeights);
        }

        Dictionary<string, string> byName = Keras3WeightPaths.TopLevelLayerNames(model);
        foreach (var (keras3Path, variables, _) in Keras3WeightPaths.Walk(model, includeOptimizer))
        {
            // Sharded weights spread the groups over several files: use the one that holds this path.
            (reader, string path) = Locate(readers, keras3Path, byName);
            bool optimizer = path.StartsWith("optimizer/", StringComparison.Ordinal);
            if (!reader.HasLink(reader.Root, path))
            {
                if (variables.Count > 0)
                {
                    if (optimizer)
                    {
                        unmatched.AddRange(variables.Select(v => v.Name));
                        continue;
                    }

                    throw reader.Error($"The file has no group for {variables.Count} variable(s) of the model ({string.Join(", ", variables.Select(v => v.Name))}).", "/" + path);
                }

                continue;
            }

            IH5Group group = reader.Group(reader.Root, path);
            int stored = group.Children().Count();
            if (stored != variables.Count)
            {
                string message = $"The model expects {variables.Count} variable(s) at this path but the file holds {stored}.";
                if (optimizer)
                {
                    Console.Error.WriteLine($"WARNING: {reader.FilePath} /{ErrorText.Clip(path)}: {ErrorText.Clip(message, 600)} The optimizer state is not restored.");
                    unmatched.AddRange(variables.Select(v => v.Name));
                    continue;
                }

                throw reader.Error(message, "/" + path);
            }

            for (int i = 0; i < variables.Count; i++)
            {
                assignments.Add((variables[i], reader, path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        foreach (var (variable, source, dataset) in assignments)
        {
            reader = source;
            IH5Dataset ds = reader.Dataset(reader.Root, dataset);
            long[] shape = ds.Space.Dimensions.Select(d => (long)d).ToArray();
            if (!shape.SequenceEqual(variable.Shape.ToArray()))
            {
                throw reader.Error($"Shape mismatch for variable {variable.Name}: the model expects {variable.Shape}, the file holds {Shape.Of(shape)}.", "/" + dataset);
            }

            reader.ReadInto(ds, variable.Value, "/" + dataset);
            restored.Add(variable.Name);
        }

        model.Optimizer?.SyncFromVariables();
        return new LoadStatus(readers[0].FilePath, [], unmatched, restored);
    }

    /// <summary>The reader holding <paramref name="keras3Path"/> and its stored path there; the first reader when none does.</summary>
    private static (Hdf5Reader Reader, string Path) Locate(IReadOnlyList<Hdf5Reader> readers, string keras3Path, Dictionary<string, string> byName)
    {
        foreach (Hdf5Reader r in readers)
        {
            string stored = StoredPath(r, keras3Path, byName);
            if (r.HasLink(r.Root, stored))
            {
                return (r, stored);
            }
        }

        return (readers[0], keras3Path);
    }

    /// <summary>
    /// Where a file keeps a Keras 3 weights path: as is; under <c>_layer_checkpoint_dependencies/&lt;layer name&gt;</c>
    /// (tf.keras 2.13-2.14 zips); or as one link whose name has Windows separators (<c>layers\dense\vars</c>, tf.keras
    /// 2.14-2.15 on Windows). The Keras 3 path when none exists, for the error message.
    /// </summary>
    private static string StoredPath(Hdf5Reader reader, string path, Dictionary<string, string> byName)
    {
        if (reader.HasLink(reader.Root, path))
        {
            return path;
        }

        string[] parts = path.Split('/');
        var candidates = new List<string> { path.Replace('/', '\\') };
        if (parts.Length > 2 && parts[0] == "layers")
        {
            string rest = string.Join("/", parts[2..]);
            candidates.Add($"layers\\{parts[1]}/{rest}");
            if (byName.TryGetValue(parts[0] + "/" + parts[1], out string? name))
            {
                candidates.AddRange([$"_layer_checkpoint_dependencies/{name}/{rest}", $"layers/{name}/{rest}", $"layers\\{name}/{rest}"]);
            }
        }

        return candidates.FirstOrDefault(c => reader.HasLink(reader.Root, c)) ?? path;
    }
}
