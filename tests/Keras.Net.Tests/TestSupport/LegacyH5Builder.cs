// SPDX-License-Identifier: Apache-2.0
using PureHDF;

namespace Keras.Net.Tests.TestSupport;

/// <summary>
/// Writes a whole-model <c>.h5</c> in the Keras 2 layout from parts (a config string and per-layer weights), for
/// dialects no fixture covers: <c>model_config</c>, <c>keras_version</c>, <c>backend</c> at the root, and
/// <c>model_weights</c> with <c>layer_names</c> and each layer's <c>weight_names</c> and datasets.
/// </summary>
internal sealed class LegacyH5Builder(string modelConfig, string kerasVersion = "2.2.4")
{
    private readonly List<(string Layer, List<(string Name, Array Value)> Weights)> _layers = [];

    /// <summary>Adds a layer group; weight names are full (<c>dense_1/kernel:0</c>), values are multi-dimensional arrays.</summary>
    public LegacyH5Builder Layer(string name, params (string Name, Array Value)[] weights)
    {
        _layers.Add((name, weights.ToList()));
        return this;
    }

    public string? TrainingConfig { get; init; }

    /// <summary>The <c>optimizer_weights</c> group's values in <c>weight_names</c> order (full names, e.g. <c>Adam/iterations:0</c>).</summary>
    public (string Name, object Value)[]? OptimizerWeights { get; init; }

    public void Write(string path)
    {
        var modelWeights = new H5Group();
        modelWeights.Attributes["layer_names"] = _layers.Select(l => l.Layer).ToArray();
        modelWeights.Attributes["backend"] = "tensorflow";
        modelWeights.Attributes["keras_version"] = kerasVersion;
        foreach (var (layer, weights) in _layers)
        {
            var group = new H5Group();
            group.Attributes["weight_names"] = weights.Select(w => w.Name).ToArray();
            foreach (var (name, value) in weights)
            {
                Put(group, name, value);
            }

            modelWeights[layer] = group;
        }

        var file = new H5File { ["model_weights"] = modelWeights };
        file.Attributes["model_config"] = modelConfig;
        file.Attributes["keras_version"] = kerasVersion;
        file.Attributes["backend"] = "tensorflow";
        if (TrainingConfig is not null)
        {
            file.Attributes["training_config"] = TrainingConfig;
        }

        if (OptimizerWeights is not null)
        {
            var optimizer = new H5Group();
            optimizer.Attributes["weight_names"] = OptimizerWeights.Select(w => w.Name).ToArray();
            foreach (var (name, value) in OptimizerWeights)
            {
                Put(optimizer, name, value);
            }

            file["optimizer_weights"] = optimizer;
        }

        file.Write(path);
    }

    /// <summary>A dataset at a slash-separated path below <paramref name="root"/> ("dense_1/kernel:0" lives at dense_1/kernel:0).</summary>
    private static void Put(H5Group root, string path, object value)
    {
        string[] parts = path.Split('/');
        H5Group parent = root;
        foreach (string part in parts[..^1])
        {
            if (!parent.TryGetValue(part, out object? child))
            {
                child = new H5Group();
                parent[part] = child;
            }

            parent = (H5Group)child;
        }

        parent[parts[^1]] = new H5Dataset(value);
    }
}
