// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;

namespace Keras.Net;

/// <summary>
/// A symbolic tensor of the functional API: a shape, a dtype and the layer call that produced it. Apply a
/// layer to one (<c>layer.Apply(x)</c>) to grow a graph, then pass inputs and outputs to
/// <see cref="Keras.Net.Models.Model"/>.
/// </summary>
public class KerasTensor
{
    internal KerasTensor(Shape shape, DType dtype, string name)
    {
        Shape = shape;
        DType = dtype;
        Name = name;
    }

    /// <summary>The shape, including the batch dimension (usually unknown).</summary>
    public Shape Shape { get; }

    /// <summary>The dtype.</summary>
    public DType DType { get; }

    /// <summary>A display name.</summary>
    public string Name { get; }

    /// <summary>The node that produced this tensor.</summary>
    public Node? Node { get; internal set; }

    /// <summary>Which of the node's outputs this is.</summary>
    public int TensorIndex { get; internal set; }

    /// <summary>The layer that produced this tensor.</summary>
    public Layer? SourceLayer => Node?.Layer;

    /// <inheritdoc />
    public override string ToString() =>
        $"<KerasTensor: shape={Shape} dtype={DType} (created by layer '{SourceLayer?.Name}')>";
}
