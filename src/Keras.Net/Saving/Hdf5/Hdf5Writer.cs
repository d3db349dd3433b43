// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using PureHDF;

namespace Keras.Net.Saving.Hdf5;

/// <summary>Builds the tf.keras 2.x HDF5 tree (formats.md 1.1-1.10) in memory and writes it atomically.</summary>
internal static class Hdf5Writer
{
    /// <summary>Keras's <c>HDF5_OBJECT_HEADER_LIMIT</c>: string-list attributes above it are chunked.</summary>
    internal const int HeaderLimit = 64512;

    /// <summary>Root attributes tf.keras passes to h5py as Python <c>str</c> (vlen UTF-8); every other string is <c>bytes</c> (ASCII).</summary>
    private static readonly HashSet<string> RootStrAttributes = ["keras_version", "backend"];

    internal static void SaveModel(Model model, string path, bool includeOptimizer, bool legacyOptimizer = false)
    {
        if (legacyOptimizer && includeOptimizer && model.Optimizer is { } chosen)
        {
            LegacyOptimizerLayout.Check(chosen);
        }

        var file = new H5File();
        file.Attributes["keras_version"] = Model.KerasVersion;
        file.Attributes["backend"] = "tensorflow";
        file.Attributes["model_config"] = PythonJson.Serialize(KerasSerializer.Serialize(model));
        if (includeOptimizer && model.IsCompiled)
        {
            JsonObject training = TrainingConfig.Write(model);
            if (legacyOptimizer)
            {
                training["optimizer_config"] = LegacyOptimizerLayout.Config(model.Optimizer!);
            }

            file.Attributes["training_config"] = PythonJson.Serialize(training);
        }

        var data = new List<Deferred>();
        var weights = new H5Group();
        FillWeights(model, weights, data);
        file["model_weights"] = weights;
        if (includeOptimizer && model.Optimizer is { } optimizer)
        {
            var opt = new H5Group();
            var variables = legacyOptimizer ? LegacyOptimizerLayout.Variables(optimizer) : OptimizerVariables(optimizer).Select(v => (v.Name, v)).ToList();
            SetStringList(opt.Attributes, "weight_names", variables.Select(v => v.Name).ToList());
            foreach (var (name, v) in variables)
            {
                Put(opt, name, v, data);
            }

            file["optimizer_weights"] = opt;
        }

        AtomicFile.Write(path, temp => Write(file, data, temp, RootStrAttributes));
    }

    internal static void SaveWeights(Model model, string path)
    {
        var file = new H5File();
        var data = new List<Deferred>();
        FillWeights(model, file, data);
        AtomicFile.Write(path, temp => Write(file, data, temp, new HashSet<string>()));
    }

    /// <summary>
    /// Writes the tree, then streams each variable into its dataset through one buffer per element type and
    /// length, so saving neither holds a second copy of the model nor allocates per tensor.
    /// </summary>
    /// <param name="file">The tree, its datasets declared by <see cref="Put"/>.</param>
    /// <param name="data">The datasets to stream.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="utf8RootAttributes">Root attributes that keep the UTF-8 character set.</param>
    /// <param name="utf8Anywhere">Attributes that are UTF-8 in every group.</param>
    internal static void Write(H5File file, List<Deferred> data, string path, IReadOnlySet<string> utf8RootAttributes, IReadOnlySet<string>? utf8Anywhere = null)
    {
        using (H5NativeWriter writer = file.BeginWrite(path))
        {
            var buffers = new Dictionary<(Type, int), Array>();
            foreach (Deferred d in data)
            {
                d.WriteTo(writer, buffers);
            }
        }

        Hdf5StringTypes.Patch(path, utf8RootAttributes, utf8Anywhere);
    }

    /// <summary>The optimizer variables tf.keras 2.11+ writes to HDF5: the iteration counter, then the slots (no learning rate).</summary>
    internal static List<Variable> OptimizerVariables(Optimizers.Optimizer optimizer) =>
        optimizer.Variables.Where(v => !ReferenceEquals(v, optimizer.LearningRateVariable)).ToList();

    private static void FillWeights(Model model, H5Group group, List<Deferred> data)
    {
        IReadOnlyList<Layer> layers = model.Layers;
        SetStringList(group.Attributes, "layer_names", layers.Select(l => l.Name).ToList());
        group.Attributes["backend"] = "tensorflow";
        group.Attributes["keras_version"] = Model.KerasVersion;
        foreach (Layer layer in layers)
        {
            var layerGroup = new H5Group();
            IReadOnlyList<Variable> weights = layer.Weights;
            var names = weights.Select(w => w.Name).ToList();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new InvalidOperationException($"Layer \"{layer.Name}\" has two weights with the same name; HDF5 needs unique names: {string.Join(", ", names)}.");
            }

            SetStringList(layerGroup.Attributes, "weight_names", names);
            foreach (Variable w in weights)
            {
                Put(layerGroup, w.Name, w, data);
            }

            group[layer.Name] = layerGroup;
        }

        var top = new H5Group();
        SetStringList(top.Attributes, "weight_names", []);
        group["top_level_model_weights"] = top;
    }

    /// <summary>Declares a variable's dataset at a slash-separated path, creating intermediate groups; its data is streamed later.</summary>
    internal static void Put(H5Group root, string path, Variable variable, List<Deferred> data)
    {
        string[] parts = path.Split('/');
        H5Group g = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!g.TryGetValue(parts[i], out object? child))
            {
                child = new H5Group();
                g[parts[i]] = child;
            }

            g = child as H5Group ?? throw new InvalidOperationException($"'{parts[i]}' in '{path}' is both a dataset and a group.");
        }

        ulong[] dims = variable.Shape.ToArray().Select(d => (ulong)d).ToArray();
        Deferred deferred = variable.DType.Name switch
        {
            "float32" => Deferred.Of<float>(variable, dims),
            "float64" => Deferred.Of<double>(variable, dims),
            "int32" => Deferred.Of<int>(variable, dims),
            "int64" => Deferred.Of<long>(variable, dims),
            "uint8" => Deferred.Of<byte>(variable, dims),
            "bool" => Deferred.Of<bool>(variable, dims),
            _ => throw new NotSupportedException($"Variable {variable.Path} has dtype {variable.DType.Name}, which cannot be saved to HDF5."),
        };
        g[parts[^1]] = deferred.Dataset;
        data.Add(deferred);
    }

    /// <summary>A string-list attribute as Keras writes it: vlen strings, float64 (0,) when empty, chunked above 64 KiB.</summary>
    private static void SetStringList(Dictionary<string, object> attributes, string name, List<string> values)
    {
        if (values.Count == 0)
        {
            attributes[name] = Array.Empty<double>();
            return;
        }

        int width = values.Max(v => System.Text.Encoding.UTF8.GetByteCount(v));
        if (width > HeaderLimit)
        {
            throw new InvalidOperationException($"The following attributes cannot be saved to HDF5 file because they are larger than {HeaderLimit} bytes: {values.First(v => v.Length > HeaderLimit)[..64]}...");
        }

        long total = (long)width * values.Count;
        if (total <= HeaderLimit)
        {
            attributes[name] = values.ToArray();
            return;
        }

        int chunks = 2;
        while (true)
        {
            var parts = Split(values, chunks);
            if (parts.All(p => (long)p.Count * width <= HeaderLimit))
            {
                for (int i = 0; i < parts.Count; i++)
                {
                    attributes[name + i] = parts[i].ToArray();
                }

                return;
            }

            chunks++;
        }
    }

    // numpy.array_split: the first n % k chunks get one extra element.
    private static List<List<string>> Split(List<string> values, int k)
    {
        var result = new List<List<string>>();
        int size = values.Count / k, extra = values.Count % k, at = 0;
        for (int i = 0; i < k; i++)
        {
            int len = size + (i < extra ? 1 : 0);
            result.Add(values.GetRange(at, len));
            at += len;
        }

        return result;
    }

    /// <summary>A dataset declared in the tree whose values are written after the metadata.</summary>
    internal sealed class Deferred(object dataset, Action<H5NativeWriter, Dictionary<(Type, int), Array>> write)
    {
        internal object Dataset { get; } = dataset;

        internal static Deferred Of<T>(Variable variable, ulong[] dims)
        {
            var dataset = new H5Dataset<T[]>(fileDims: dims);
            int count = checked((int)(variable.Shape.NumElements() ?? 0));
            return new Deferred(dataset, (writer, buffers) =>
            {
                if (!buffers.TryGetValue((typeof(T), count), out Array? buffer))
                {
                    buffer = new T[count];
                    buffers[(typeof(T), count)] = buffer;
                }

                Ops.CopyToArray(variable.Value, buffer);
                writer.Write(dataset, (T[])buffer);
            });
        }

        internal void WriteTo(H5NativeWriter writer, Dictionary<(Type, int), Array> buffers) => write(writer, buffers);
    }
}
