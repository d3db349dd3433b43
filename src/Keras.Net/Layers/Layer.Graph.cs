// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>The layer's place in functional graphs.</summary>
public abstract partial class Layer
{
    private readonly List<Node> _inboundNodes = [];

    /// <summary>The functional-graph calls of this layer, in call order.</summary>
    public IReadOnlyList<Node> InboundNodes => _inboundNodes;

    /// <summary>The symbolic input of the layer's only call (Keras's <c>layer.input</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer was never called symbolically, was called more
    /// than once, or has several inputs.</exception>
    public KerasTensor Input => SingleNode("input").InputTensors is { Count: 1 } ins
        ? ins[0]
        : SingleNode("input") is { IsInput: true } n ? n.OutputTensors[0]
        : throw new InvalidOperationException($"Layer \"{Name}\" has several inputs; use InboundNodes[0].InputTensors.");

    /// <summary>The symbolic output of the layer's only call (Keras's <c>layer.output</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer was never called symbolically, was called more
    /// than once, or has several outputs.</exception>
    public KerasTensor Output => SingleNode("output").OutputTensors is { Count: 1 } outs
        ? outs[0]
        : throw new InvalidOperationException($"Layer \"{Name}\" has several outputs; use InboundNodes[0].OutputTensors.");

    /// <summary>Adds a node (used when the layer is called symbolically).</summary>
    /// <param name="node">The node.</param>
    private protected void AddInboundNode(Node node) => _inboundNodes.Add(node);

    /// <summary>The output shape as tf.keras's summary prints it, or <c>multiple</c>.</summary>
    internal virtual string OutputShapeText
    {
        get
        {
            if (_inboundNodes.Count == 0)
            {
                return "multiple";
            }

            var texts = _inboundNodes.Select(n => ShapesText(n.OutputTensors)).Distinct().ToList();
            return texts.Count == 1 ? texts[0] : "multiple";
        }
    }

    private static string ShapesText(IReadOnlyList<KerasTensor> tensors) => tensors.Count == 1
        ? tensors[0].Shape.ToString()
        : "[" + string.Join(", ", tensors.Select(t => t.Shape.ToString())) + "]";

    private Node SingleNode(string what)
    {
        if (_inboundNodes.Count == 0)
        {
            throw new InvalidOperationException(
                $"The layer \"{Name}\" has never been called and thus has no defined {what}.");
        }

        if (_inboundNodes.Count > 1)
        {
            throw new InvalidOperationException(
                $"Layer \"{Name}\" has multiple inbound nodes, hence the notion of \"layer {what}\" is ill-defined. Use InboundNodes[i] instead.");
        }

        return _inboundNodes[0];
    }
}
