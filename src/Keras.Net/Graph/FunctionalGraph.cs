// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;

namespace Keras.Net;

/// <summary>
/// The layer graph of a functional model, mapped as tf.keras maps it (<c>_map_graph_network</c>): nodes by
/// depth, layers ordered by depth then discovery order, and checks for cycles, disconnected inputs and
/// duplicate names.
/// </summary>
internal sealed class FunctionalGraph
{
    internal FunctionalGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new ArgumentException("A functional model needs at least one input and one output.");
        }

        foreach (KerasTensor t in inputs.Concat(outputs))
        {
            if (t.Node is null)
            {
                throw new ArgumentException($"Tensor {t} was not produced by a Keras layer; model inputs and outputs must come from `Input` and layer calls.");
            }
        }

        foreach (KerasTensor t in inputs)
        {
            if (!t.Node!.IsInput)
            {
                throw new ArgumentException($"Model inputs must come from `Input` (an InputLayer). Received: {t}");
            }
        }

        Inputs = inputs;
        Outputs = outputs;
        (NodesByDepth, Layers) = Map(inputs, outputs);
        NetworkNodes = new HashSet<Node>(NodesByDepth.SelectMany(n => n), ReferenceEqualityComparer.Instance);
    }

    internal IReadOnlyList<KerasTensor> Inputs { get; }

    internal IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>Nodes grouped by depth, deepest (inputs) first.</summary>
    internal IReadOnlyList<IReadOnlyList<Node>> NodesByDepth { get; }

    /// <summary>Every layer, input layers included, in tf.keras's order.</summary>
    internal IReadOnlyList<Layer> Layers { get; }

    internal IReadOnlySet<Node> NetworkNodes { get; }

    /// <summary>Whether tf.keras would print this graph's summary as a plain sequence.</summary>
    internal bool IsSequentialLike
    {
        get
        {
            if (NodesByDepth.Any(d => d.Count > 1 || (d.Count == 1 && d[0].InputTensors.Count > 1)))
            {
                return false;
            }

            return Layers.All(l => l.InboundNodes.Count(NetworkNodes.Contains) <= 1);
        }
    }

    /// <summary>Runs the graph on tensors; the caller owns a dispose scope.</summary>
    internal IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? masks, bool training, out IReadOnlyList<Tensor?> outputMasks)
    {
        var values = new Dictionary<KerasTensor, (Tensor Value, Tensor? Mask)>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < Inputs.Count; i++)
        {
            values[Inputs[i]] = (inputs[i], masks is { Count: > 0 } ? masks[i] : null);
        }

        foreach (IReadOnlyList<Node> depth in NodesByDepth)
        {
            foreach (Node node in depth)
            {
                if (node.IsInput)
                {
                    continue;
                }

                var ins = node.InputTensors.Select(t => values[t]).ToArray();
                IReadOnlyList<Tensor> outs = node.Layer.Invoke(
                    ins.Select(v => v.Value).ToArray(), ins.Select(v => v.Mask).ToArray(), node.Training ?? training, out IReadOnlyList<Tensor?> outMasks, node.Arguments);
                if (outs.Count != node.OutputTensors.Count)
                {
                    throw new InvalidOperationException($"Layer \"{node.Layer.Name}\" returned {outs.Count} outputs but its graph node expects {node.OutputTensors.Count}.");
                }

                for (int i = 0; i < outs.Count; i++)
                {
                    values[node.OutputTensors[i]] = (outs[i], i < outMasks.Count ? outMasks[i] : null);
                }
            }
        }

        outputMasks = Outputs.Select(o => values[o].Mask).ToArray();
        return Outputs.Select(o => values[o].Value).ToArray();
    }

    /// <summary>Propagates shapes through the graph without computing.</summary>
    internal IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        var shapes = new Dictionary<KerasTensor, Shape>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < Inputs.Count; i++)
        {
            shapes[Inputs[i]] = inputShapes[i];
        }

        foreach (Node node in NodesByDepth.SelectMany(d => d).Where(n => !n.IsInput))
        {
            IReadOnlyList<Shape> outs = node.Layer.ComputeOutputShape(node.InputTensors.Select(t => shapes[t]).ToArray());
            for (int i = 0; i < outs.Count; i++)
            {
                shapes[node.OutputTensors[i]] = outs[i];
            }
        }

        return Outputs.Select(o => shapes[o]).ToArray();
    }

    private static (IReadOnlyList<IReadOnlyList<Node>>, IReadOnlyList<Layer>) Map(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        var finished = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var inProgress = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var decreasingDepth = new List<Node>();
        var layerIndices = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        foreach (KerasTensor o in outputs)
        {
            Visit(o, finished, inProgress, decreasingDepth, layerIndices);
        }

        var nodeDepths = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var layerDepths = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        for (int i = decreasingDepth.Count - 1; i >= 0; i--)
        {
            Node node = decreasingDepth[i];
            int depth = nodeDepths.TryGetValue(node, out int d) ? d : 0;
            depth = Math.Max(depth, layerDepths.TryGetValue(node.Layer, out int ld) ? ld : 0);
            layerDepths[node.Layer] = depth;
            nodeDepths[node] = depth;
            foreach (Node parent in node.ParentNodes)
            {
                int previous = nodeDepths.TryGetValue(parent, out int pd) ? pd : 0;
                nodeDepths[parent] = Math.Max(depth + 1, previous);
            }
        }

        foreach (KerasTensor input in inputs)
        {
            Layer layer = input.SourceLayer!;
            if (!layerDepths.ContainsKey(layer))
            {
                layerDepths[layer] = 0;
                layerIndices[layer] = -1;
                nodeDepths[input.Node!] = 0;
            }
        }

        var nodesByDepth = nodeDepths.GroupBy(kv => kv.Value)
            .OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<Node>)g.Select(kv => kv.Key).ToList())
            .ToList();
        var layers = layerDepths.GroupBy(kv => kv.Value)
            .OrderByDescending(g => g.Key)
            .SelectMany(g => g.Select(kv => kv.Key).OrderBy(l => layerIndices[l]))
            .ToList();

        CheckComputable(inputs, nodesByDepth);
        foreach (var group in layers.GroupBy(l => l.Name).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"The name \"{group.Key}\" is used {group.Count()} times in the model. All layer names should be unique.");
        }

        return (nodesByDepth, layers);
    }

    private static void Visit(KerasTensor tensor, HashSet<Node> finished, HashSet<Node> inProgress, List<Node> decreasingDepth, Dictionary<Layer, int> layerIndices)
    {
        Node node = tensor.Node!;
        if (finished.Contains(node))
        {
            return;
        }

        if (inProgress.Contains(node))
        {
            throw new ArgumentException($"The tensor {tensor} at layer \"{node.Layer.Name}\" is part of a cycle.");
        }

        layerIndices.TryAdd(node.Layer, layerIndices.Count);
        inProgress.Add(node);
        foreach (KerasTensor t in node.InputTensors)
        {
            Visit(t, finished, inProgress, decreasingDepth, layerIndices);
        }

        finished.Add(node);
        inProgress.Remove(node);
        decreasingDepth.Add(node);
    }

    private static void CheckComputable(IReadOnlyList<KerasTensor> inputs, List<IReadOnlyList<Node>> nodesByDepth)
    {
        var computable = new HashSet<KerasTensor>(inputs, ReferenceEqualityComparer.Instance);
        var done = new List<string>();
        foreach (Node node in nodesByDepth.SelectMany(d => d).Where(n => !n.IsInput))
        {
            foreach (KerasTensor x in node.InputTensors)
            {
                if (!computable.Contains(x))
                {
                    throw new ArgumentException(
                        $"Graph disconnected: cannot obtain value for tensor {x} at layer \"{node.Layer.Name}\". The following previous layers were accessed without issue: [{string.Join(", ", done.Select(n => $"'{n}'"))}]");
                }
            }

            foreach (KerasTensor o in node.OutputTensors)
            {
                computable.Add(o);
            }

            done.Add(node.Layer.Name);
        }
    }
}
