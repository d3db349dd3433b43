// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Protos;
using Keras.Net.Serialization;
using static Keras.Net.Protos.TrackableObjectGraph.Types;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// Restores a checkpoint into live objects the way TensorFlow does: walks the saved object graph and the live
/// one together from their roots, matching children by edge name, and assigns each matched variable the value
/// under its saved checkpoint key. Nothing is matched by key strings.
/// </summary>
internal static class ObjectGraphRestorer
{
    /// <summary>Restores <paramref name="root"/> from the checkpoint at <paramref name="prefix"/>.</summary>
    /// <param name="root">The live root.</param>
    /// <param name="prefix">The checkpoint prefix.</param>
    /// <param name="optional">Variables not reported as unmatched when the checkpoint has no value for them (a fresh save counter).</param>
    internal static LoadStatus Restore(object root, string prefix, Variable? optional = null)
    {
        using BundleReader reader = BundleReader.Open(prefix);
        TrackableObjectGraph graph = ReadGraph(reader);
        BuildOptimizers(root);

        var matched = new Dictionary<int, object>();
        var bound = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<int>();
        matched[0] = root;
        bound.Add(root);
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            int id = queue.Dequeue();
            object live = matched[id];
            var liveChildren = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, child) in Trackables.Children(live, forRestore: true))
            {
                liveChildren.TryAdd(name, child);
            }

            foreach (var reference in graph.Nodes[id].Children)
            {
                if (reference.NodeId < 0 || reference.NodeId >= graph.Nodes.Count)
                {
                    throw new KerasFormatException($"The object graph references node {reference.NodeId} of {graph.Nodes.Count}.", ObjectGraphWriter.GraphKey, reader.IndexFile);
                }

                if (!matched.ContainsKey(reference.NodeId) && liveChildren.TryGetValue(reference.LocalName, out object? child) && bound.Add(child))
                {
                    matched[reference.NodeId] = child;
                    queue.Enqueue(reference.NodeId);
                }
            }
        }

        var restored = new List<string>();
        var mismatched = new List<string>();
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        var plan = new List<(string Key, Variable Target)>();
        foreach (var (id, live) in matched)
        {
            if (live is Variable v)
            {
                foreach (TrackableObject.Types.SerializedTensor attr in graph.Nodes[id].Attributes.Where(a => a.Name == "VARIABLE_VALUE"))
                {
                    Plan(reader, attr.CheckpointKey, v, plan, mismatched);
                }
            }

            if (live is Optimizer optimizer)
            {
                foreach (TrackableObject.Types.SlotVariableReference slot in graph.Nodes[id].SlotVariables)
                {
                    if (matched.GetValueOrDefault(slot.OriginalVariableNodeId) is Variable original
                        && optimizer.TrainableVariables.Contains(original)
                        && optimizer.SlotDefinitions.Select((d, k) => (d, k)).FirstOrDefault(p => (p.d.TfKerasName == slot.SlotName || p.d.Keras3Name == slot.SlotName)) is { d: not null } def
                        && slot.SlotVariableNodeId >= 0 && slot.SlotVariableNodeId < graph.Nodes.Count)
                    {
                        Variable target = optimizer.SlotsFor(original)[def.k];
                        foreach (var attr in graph.Nodes[slot.SlotVariableNodeId].Attributes.Where(a => a.Name == "VARIABLE_VALUE"))
                        {
                            Plan(reader, attr.CheckpointKey, target, plan, mismatched);
                        }
                    }
                }
            }
        }

        // All or nothing: every value's checksum is verified before the first variable changes.
        foreach (string key in plan.Select(p => p.Key).Distinct(StringComparer.Ordinal))
        {
            reader.Verify(key);
        }

        foreach (var (key, target) in plan)
        {
            reader.ReadInto(key, target.Value, target.DType);
            consumed.Add(key);
            if (done.Add(target))
            {
                restored.Add(target.Name);
            }
        }

        foreach (Optimizer o in matched.Values.OfType<Optimizer>())
        {
            o.SyncFromVariables();
        }

        var unused = graph.Nodes
            .SelectMany(n => n.Attributes)
            .Select(a => a.CheckpointKey)
            .Where(k => !consumed.Contains(k))
            .Distinct()
            .ToList();
        var unmatched = LiveVariables(root).Where(v => !done.Contains(v) && !ReferenceEquals(v, optional)).Select(v => v.Name).ToList();
        if (mismatched.Count > 0)
        {
            Console.Error.WriteLine($"WARNING: {mismatched.Count} value(s) in checkpoint {prefix} were not restored because their shapes differ: {ErrorText.Clip(string.Join("; ", mismatched), 1000)}");
        }

        return new LoadStatus(prefix, unused, unmatched, restored, mismatched);
    }

    private static TrackableObjectGraph ReadGraph(BundleReader reader)
    {
        if (!reader.Contains(ObjectGraphWriter.GraphKey))
        {
            throw new KerasFormatException(
                "This is a name-based checkpoint (TF1 tf.train.Saver): it has no object graph, so it cannot be restored into objects. Read its tensors with CheckpointReader.Open and assign them by name.",
                ObjectGraphWriter.GraphKey,
                reader.IndexFile);
        }

        byte[][] value = reader.ReadStrings(ObjectGraphWriter.GraphKey);
        TrackableObjectGraph graph;
        try
        {
            graph = value.Length == 1 ? TrackableObjectGraph.Parser.ParseFrom(value[0]) : new TrackableObjectGraph();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new KerasFormatException($"The object graph cannot be decoded ({e.Message}).", ObjectGraphWriter.GraphKey, reader.IndexFile, e);
        }

        return graph.Nodes.Count > 0
            ? graph
            : throw new KerasFormatException("The object graph is empty.", ObjectGraphWriter.GraphKey, reader.IndexFile);
    }

    /// <summary>Checks that a key exists and fits its variable; a fitting one joins the plan, a shape mismatch is reported.</summary>
    private static void Plan(BundleReader reader, string key, Variable v, List<(string Key, Variable Target)> plan, List<string> mismatched)
    {
        if (!reader.Contains(key))
        {
            throw new KerasFormatException($"The object graph names key '{ErrorText.Clip(key)}', which the index does not hold; the checkpoint is incomplete.", ErrorText.Clip(key), reader.IndexFile);
        }

        long[] saved = reader.ShapeOf(key);
        long[] expected = v.Shape.ToArray();
        if (!saved.SequenceEqual(expected))
        {
            mismatched.Add($"{key}: checkpoint {Shape.Of(saved)}, variable {v.Name} {v.Shape}");
            return;
        }

        plan.Add((key, v));
    }

    /// <summary>Optimizers of compiled models create their slots first, so their checkpointed slots have somewhere to go.</summary>
    private static void BuildOptimizers(object root)
    {
        foreach (object obj in Reachable(root))
        {
            if (obj is Model { Optimizer: { Built: false } optimizer } model)
            {
                optimizer.Build(model.TrainableWeights);
            }
        }
    }

    /// <summary>Every variable reachable from the root (what a full restore must assign).</summary>
    internal static IEnumerable<Variable> LiveVariables(object root) => Reachable(root).OfType<Variable>();

    private static List<object> Reachable(object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance) { root };
        var order = new List<object> { root };
        for (int i = 0; i < order.Count; i++)
        {
            foreach (var (_, child) in Trackables.Children(order[i]))
            {
                if (seen.Add(child))
                {
                    order.Add(child);
                }
            }
        }

        return order;
    }
}
