// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;

namespace Keras.Net;

/// <summary>One call of a layer in a functional graph: the tensors it consumed and produced.</summary>
public sealed class Node
{
    internal Node(Layer layer, IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, bool? training = null, IReadOnlyDictionary<string, object>? arguments = null)
    {
        Layer = layer;
        Training = training;
        Arguments = arguments;
        InputTensors = inputs;
        OutputTensors = outputs;
        for (int i = 0; i < outputs.Count; i++)
        {
            outputs[i].Node = this;
            outputs[i].TensorIndex = i;
        }
    }

    /// <summary>The layer called.</summary>
    public Layer Layer { get; }

    /// <summary>The symbolic inputs (empty for an input layer's node).</summary>
    public IReadOnlyList<KerasTensor> InputTensors { get; }

    /// <summary>The symbolic outputs.</summary>
    public IReadOnlyList<KerasTensor> OutputTensors { get; }

    /// <summary>
    /// The training flag fixed at this call (<c>layer(x, training=False)</c>), or null when the call follows the
    /// model's mode. Saved in configs as the call's <c>training</c> keyword argument.
    /// </summary>
    public bool? Training { get; }

    /// <summary>The call's other keyword arguments (<c>use_causal_mask</c>, ...), or null; saved with the call in configs.</summary>
    public IReadOnlyDictionary<string, object>? Arguments { get; }

    /// <summary>Whether this is an <see cref="InputLayer"/>'s node.</summary>
    public bool IsInput => InputTensors.Count == 0;

    /// <summary>The nodes that produced this node's inputs.</summary>
    public IEnumerable<Node> ParentNodes => InputTensors.Select(t => t.Node!).Where(n => n is not null);

    /// <summary>This node's position in <see cref="Layer"/>'s inbound nodes.</summary>
    public int Index => Layer.InboundNodes.ToList().IndexOf(this);
}
