// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.KerasV3;

/// <summary>
/// Where Keras 3 keeps each object's variables in <c>model.weights.h5</c> (formats.md 2.4): <c>vars</c> of the root,
/// <c>layers/&lt;class_snake&gt;[_k]/vars</c> for the layers of Sequential and functional models, attribute names for
/// nested objects (an RNN's <c>cell</c>, a custom layer's members), one sub-group per item of a list attribute named
/// by its class, and <c>optimizer/vars</c>. Variables are listed trainable first, as <c>save_own_variables</c> does.
/// </summary>
internal static class Keras3WeightPaths
{
    internal static List<(string Path, IReadOnlyList<Variable> Variables, string Owner)> Walk(Model model, bool includeOptimizer)
    {
        var result = new List<(string, IReadOnlyList<Variable>, string)>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Visit(model, string.Empty, result, visited);

        if (includeOptimizer && model.Optimizer is { } optimizer)
        {
            result.Add(("optimizer/vars", optimizer.Variables, NameRegistry.ToSnakeCase(optimizer.Name)));
        }

        return result;
    }

    private static void Visit(object obj, string path, List<(string, IReadOnlyList<Variable>, string)> result, HashSet<object> visited)
    {
        if (!visited.Add(obj))
        {
            return;
        }

        IReadOnlyList<(string Name, object Child)> children = obj switch
        {
            TrackableGroup g => g.Children,
            Layer l => l.CheckpointChildren(keepPrivatePrefix: true).ToList(),
            _ => [],
        };
        var own = children.Select(c => c.Child).OfType<Variable>().ToList();
        string owner = obj is Layer named ? named.Name : path.Split('/')[^1];
        result.Add((Join(path, "vars"), own.Where(v => v.Trainable).Concat(own.Where(v => !v.Trainable)).ToList(), owner));

        // Every model's `layers` collection comes first (a subclassed model's tracked layers too).
        if (obj is Model m)
        {
            var counters = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (Layer layer in m.Layers)
            {
                Visit(layer, Join(path, "layers/" + Unique(NameRegistry.ToSnakeCase(layer.GetType().Name), counters)), result, visited);
            }
        }

        foreach (var (name, child) in children)
        {
            if (child is Variable || name == "optimizer" || name.StartsWith("layer-", StringComparison.Ordinal) || name.StartsWith("layer_with_weights-", StringComparison.Ordinal))
            {
                continue;
            }

            if (child is TrackableGroup list && list.Children.Count > 0 && list.Children.All(c => c.Child is Layer && int.TryParse(c.Name, out _)))
            {
                // A list attribute: one sub-group per item, named by the item's class.
                var counters = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (_, item) in list.Children)
                {
                    Visit(item, Join(path, name + "/" + Unique(NameRegistry.ToSnakeCase(item.GetType().Name), counters)), result, visited);
                }

                continue;
            }

            Visit(child, Join(path, name), result, visited);
        }
    }

    /// <summary>
    /// The paths Keras 3 gives a model's own layers (<c>layers/dense_1</c>, by class) to the layers' names, for files
    /// that key them by name instead (tf.keras 2.13-2.14's <c>_layer_checkpoint_dependencies/&lt;name&gt;</c>).
    /// </summary>
    internal static Dictionary<string, string> TopLevelLayerNames(Model model)
    {
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        return model.Layers.ToDictionary(l => "layers/" + Unique(NameRegistry.ToSnakeCase(l.GetType().Name), counters), l => l.Name, StringComparer.Ordinal);
    }

    private static string Unique(string name, Dictionary<string, int> counters)
    {
        int n = counters.GetValueOrDefault(name);
        counters[name] = n + 1;
        return n == 0 ? name : $"{name}_{n}";
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "/" + name;
}
