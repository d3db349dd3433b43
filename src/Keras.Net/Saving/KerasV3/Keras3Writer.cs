// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Keras.Net.Models;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Serialization;
using PureHDF;

namespace Keras.Net.Saving.KerasV3;

/// <summary>
/// Writes Keras 3 <c>.keras</c> archives (formats.md 2.1-2.4): stored entries <c>metadata.json</c>,
/// <c>config.json</c>, <c>model.weights.h5</c> in that order; and <c>.weights.h5</c> files with the same tree.
/// Both go through a temporary sibling renamed into place.
/// </summary>
internal static class Keras3Writer
{
    /// <summary>The Keras version written into metadata.json: the Keras 3 release whose layout this follows.</summary>
    internal const string KerasVersion = "3.9.2";

    internal static void Save(Model model, string path, bool includeOptimizer)
    {
        string metadata = Metadata();
        string config = PythonJson.Serialize(Keras3Config.Write(model, includeOptimizer));
        AtomicFile.Write(path, temp =>
        {
            string weights = temp + ".weights.h5";
            try
            {
                WriteWeights(model, weights, includeOptimizer);
                using var zip = ZipFile.Open(temp, ZipArchiveMode.Create);
                Add(zip, "metadata.json", Encoding.UTF8.GetBytes(metadata), new DateTime(1980, 1, 1));
                Add(zip, "config.json", Encoding.UTF8.GetBytes(config), new DateTime(1980, 1, 1));
                ZipArchiveEntry entry = zip.CreateEntry("model.weights.h5", CompressionLevel.NoCompression);
                entry.LastWriteTime = DateTime.Now;
                using Stream target = entry.Open();
                using FileStream source = File.OpenRead(weights);
                source.CopyTo(target);
            }
            finally
            {
                File.Delete(weights);
            }
        });
    }

    internal static void SaveWeights(Model model, string path) => AtomicFile.Write(path, temp => WriteWeights(model, temp, includeOptimizer: false));

    /// <summary>
    /// An unzipped <c>.keras</c> (Keras 3's <c>save(..., zipped=False)</c>): a folder holding <c>metadata.json</c>,
    /// <c>config.json</c> and <c>model.weights.h5</c>. It is written as a sibling folder and swapped in, so an existing
    /// folder stays whole until the new one is complete.
    /// </summary>
    internal static void SaveFolder(Model model, string path, bool includeOptimizer)
    {
        string full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (File.Exists(full))
        {
            throw new IOException($"Cannot write an unzipped .keras folder at '{full}': a file of that name exists.");
        }

        string temp = FileCommit.TempSibling(full);
        Directory.CreateDirectory(temp);
        try
        {
            File.WriteAllText(Path.Combine(temp, "metadata.json"), Metadata(), Encoding.UTF8);
            File.WriteAllText(Path.Combine(temp, "config.json"), PythonJson.Serialize(Keras3Config.Write(model, includeOptimizer)), Encoding.UTF8);
            WriteWeights(model, Path.Combine(temp, "model.weights.h5"), includeOptimizer);
            FileCommit.ReplaceFolder(temp, full);
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Keras 3's sharded weights: <c>name.weights.json</c> (<c>{"metadata": {"total_size": bytes}, "weight_map":
    /// {group: shard}}</c>) and shards <c>name_00000.weights.h5</c>, ... beside it, each at most
    /// <paramref name="maxShardSizeGb"/> (a group is never split; one larger than the limit is refused as Keras
    /// refuses a variable larger than it). Shards are written first, the manifest last, each atomically.
    /// </summary>
    internal static void SaveShardedWeights(Model model, string path, double maxShardSizeGb)
    {
        if (!(maxShardSizeGb > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxShardSizeGb), $"max_shard_size must be > 0 (GB). Received: {maxShardSizeGb}");
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string baseName = Path.GetFileName(full)[..^".weights.json".Length];
        double limit = maxShardSizeGb * 1024 * 1024 * 1024;
        var shards = new List<List<string>>();
        var map = new JsonObject();
        long total = 0, current = 0;
        foreach (var (groupPath, variables, _) in Keras3WeightPaths.Walk(model, includeOptimizer: false))
        {
            long size = variables.Sum(v => v.Shape.ToArray().Aggregate(1L, (a, b) => a * b) * ElementBytes(v.DType));
            if (size > limit)
            {
                throw new ArgumentException($"The variables at {groupPath} take {size} bytes, more than the maximum shard size ({maxShardSizeGb} GB). Increase max_shard_size.", nameof(maxShardSizeGb));
            }

            if (shards.Count == 0 || (current + size > limit && shards[^1].Count > 0))
            {
                shards.Add([]);
                current = 0;
            }

            shards[^1].Add(groupPath);
            current += size;
            total += size;
            if (variables.Count > 0)
            {
                map["/" + groupPath] = ShardName(baseName, shards.Count - 1);
            }
        }

        for (int i = 0; i < shards.Count; i++)
        {
            var groups = new HashSet<string>(shards[i], StringComparer.Ordinal);
            AtomicFile.Write(Path.Combine(folder, ShardName(baseName, i)), temp => WriteWeights(model, temp, includeOptimizer: false, groups.Contains));
        }

        string manifest = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = map }
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(full, temp => File.WriteAllText(temp, manifest, Encoding.UTF8));
    }

    private static long ElementBytes(Backend.DType dtype) => dtype.Name switch
    {
        "float64" or "int64" or "uint64" or "complex64" => 8,
        "float16" or "bfloat16" or "int16" or "uint16" => 2,
        "int8" or "uint8" or "bool" => 1,
        _ => 4,
    };

    private static string ShardName(string baseName, int index) => $"{baseName}_{index:D5}.weights.h5";

    private static string Metadata() => PythonJson.Serialize(new JsonObject
    {
        ["keras_version"] = KerasVersion,
        ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
    });

    private static void WriteWeights(Model model, string path, bool includeOptimizer, Func<string, bool>? include = null)
    {
        // The values stream through Hdf5Writer's buffers, as Keras 2 files do, rather than one array per variable.
        var file = new H5File();
        var data = new List<Hdf5Writer.Deferred>();
        foreach (var (groupPath, variables, owner) in Keras3WeightPaths.Walk(model, includeOptimizer))
        {
            if (include is not null && !include(groupPath))
            {
                continue;
            }

            H5Group vars = GroupAt(file, groupPath);
            vars.Attributes["name"] = owner;
            for (int i = 0; i < variables.Count; i++)
            {
                Hdf5Writer.Put(vars, i.ToString(CultureInfo.InvariantCulture), variables[i], data);
            }
        }

        Hdf5Writer.Write(file, data, path, new HashSet<string>(), new HashSet<string> { "name" });
    }

    private static H5Group GroupAt(H5Group root, string path)
    {
        H5Group g = root;
        foreach (string part in path.Split('/'))
        {
            if (!g.TryGetValue(part, out object? child))
            {
                child = new H5Group();
                g[part] = child;
            }

            g = (H5Group)child;
        }

        return g;
    }

    private static void Add(ZipArchive zip, string name, byte[] content, DateTime time)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = time;
        using Stream s = entry.Open();
        s.Write(content);
    }
}
