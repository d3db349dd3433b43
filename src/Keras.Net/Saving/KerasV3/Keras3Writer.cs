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
        string metadata = PythonJson.Serialize(new JsonObject
        {
            ["keras_version"] = KerasVersion,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
        });
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

    private static void WriteWeights(Model model, string path, bool includeOptimizer)
    {
        // The values stream through Hdf5Writer's buffers, as Keras 2 files do, rather than one array per variable.
        var file = new H5File();
        var data = new List<Hdf5Writer.Deferred>();
        foreach (var (groupPath, variables, owner) in Keras3WeightPaths.Walk(model, includeOptimizer))
        {
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
