// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Protos;
using static Keras.Net.Protos.TrackableObjectGraph.Types;
using static Keras.Net.Protos.TrackableObjectGraph.Types.TrackableObject.Types;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// Builds the <c>_CHECKPOINTABLE_OBJECT_GRAPH</c> of a root object and writes the bundle (formats.md 3.7):
/// breadth-first node ids, the first path to an object names it, keys <c>path/.ATTRIBUTES/VARIABLE_VALUE</c>,
/// variables in traversal order in the data file and the graph itself last.
/// </summary>
internal static class ObjectGraphWriter
{
    internal const string GraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH";
    internal const string ValueSuffix = "/.ATTRIBUTES/VARIABLE_VALUE";

    /// <summary>Writes a checkpoint of <paramref name="root"/> at <paramref name="prefix"/>.</summary>
    /// <param name="root">The root object.</param>
    /// <param name="prefix">The checkpoint prefix (files <c>prefix.index</c>, <c>prefix.data-00000-of-00001</c>).</param>
    /// <param name="rootSelfEdge">Add the <c>root</c> edge back to node 0 that tf.keras's <c>save_weights</c> writes.</param>
    internal static void Write(object root, string prefix, bool rootSelfEdge)
    {
        var (graph, variables) = Build(root, rootSelfEdge);
        WriteBundle(prefix, graph, variables);
    }

    /// <summary>Writes the variables (in node order) and then the graph itself.</summary>
    internal static void WriteBundle(string prefix, TrackableObjectGraph graph, List<(string Key, Variable Variable)> variables)
    {
        using var writer = new BundleWriter(prefix);
        foreach (var (key, variable) in variables)
        {
            writer.Add(key, variable.Value, variable.DType, variable.Shape.ToArray());
        }

        writer.AddStrings(GraphKey, [graph.ToByteArray()], []);
        writer.Finish();
    }

    internal static (TrackableObjectGraph Graph, List<(string Key, Variable Variable)> Variables) Build(object root, bool rootSelfEdge)
    {
        var (graph, variables, _, _) = Build(root, rootSelfEdge, null);
        return (graph, variables);
    }

    /// <summary>
    /// The object graph of <paramref name="root"/> with <paramref name="children"/> deciding the edges (default: the
    /// checkpoint edges), plus the objects in node order and each node's path (for a SavedObjectGraph built alongside).
    /// </summary>
    internal static (TrackableObjectGraph Graph, List<(string Key, Variable Variable)> Variables, List<object> Objects, List<string> Paths) Build(
        object root, bool rootSelfEdge, Func<object, IReadOnlyList<(string Name, object Child)>>? children)
    {
        children ??= o => Trackables.Children(o);
        var ids = new Dictionary<object, int>(ReferenceEqualityComparer.Instance) { [root] = 0 };
        var objects = new List<object> { root };
        var paths = new List<string> { string.Empty };
        var graph = new TrackableObjectGraph();
        var variables = new List<(string, Variable)>();
        for (int n = 0; n < objects.Count; n++)
        {
            object obj = objects[n];
            var node = new TrackableObject();
            var edges = children(obj).ToList();
            if (n == 0 && rootSelfEdge)
            {
                edges.Add(("root", root));
            }

            foreach (var (name, child) in edges)
            {
                if (!ids.TryGetValue(child, out int id))
                {
                    id = objects.Count;
                    ids[child] = id;
                    objects.Add(child);
                    paths.Add(paths[n].Length == 0 ? Escape(name) : paths[n] + "/" + Escape(name));
                }

                node.Children.Add(new ObjectReference { NodeId = id, LocalName = name });
            }

            if (obj is Variable v)
            {
                string key = paths[n] + ValueSuffix;
                node.Attributes.Add(new SerializedTensor { Name = "VARIABLE_VALUE", FullName = v.Path, CheckpointKey = key });
                variables.Add((key, v));
            }

            graph.Nodes.Add(node);
        }

        MarkValues(graph);
        return (graph, variables, objects, paths);
    }

    /// <summary>TensorFlow's escaping of one path component: <c>.</c> -> <c>..</c>, <c>/</c> -> <c>.S</c>.</summary>
    internal static string Escape(string name) => name.Replace(".", "..", StringComparison.Ordinal).Replace("/", ".S", StringComparison.Ordinal);

    /// <summary><c>has_checkpoint_values</c> on every node: whether it or a descendant holds a value (TF 2.11+).</summary>
    private static void MarkValues(TrackableObjectGraph graph)
    {
        var memo = new bool?[graph.Nodes.Count];
        bool Has(int id, HashSet<int> onPath)
        {
            if (memo[id] is bool known)
            {
                return known;
            }

            if (!onPath.Add(id))
            {
                return false;
            }

            TrackableObject node = graph.Nodes[id];
            bool result = node.Attributes.Count > 0 || node.SlotVariables.Count > 0;
            foreach (ObjectReference c in node.Children)
            {
                result |= Has(c.NodeId, onPath);
            }

            onPath.Remove(id);
            memo[id] = result;
            return result;
        }

        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            graph.Nodes[i].HasCheckpointValues = Has(i, []);
        }
    }
}
