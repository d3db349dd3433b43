// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;

namespace Keras.Net;

/// <summary>
/// Keras's <c>keras.Input</c>: the symbolic entry point of a functional model. It is a
/// <see cref="KerasTensor"/> produced by an <see cref="Layers.InputLayer"/>, and converts to that layer, so it
/// may stand first in a <see cref="Models.Sequential"/> list.
/// </summary>
public sealed class Input : KerasTensor
{
    /// <summary>Creates an input.</summary>
    /// <param name="shape">The shape of one sample, without the batch dimension.</param>
    /// <param name="batchSize">An optional fixed batch size.</param>
    /// <param name="name">The input layer's name (default <c>input_N</c>).</param>
    /// <param name="dtype">The dtype name (default <c>float32</c>).</param>
    /// <param name="batchShape">The full shape including the batch dimension, instead of <paramref name="shape"/>.</param>
    public Input(Shape? shape = null, long? batchSize = null, string? name = null, string? dtype = null, Shape? batchShape = null)
        : this(InputLayer.CreateDetached(shape, batchSize, name, dtype, batchShape))
    {
    }

    internal Input(InputLayer layer)
        : base(layer.InputBatchShape, layer.DType, layer.Name)
    {
        InputLayer = layer;
        layer.AttachInput(this);
    }

    /// <summary>The layer that produces this input.</summary>
    public InputLayer InputLayer { get; }

    /// <summary>Converts an input to its layer (so <c>new Sequential([new Input([784]), ...])</c> works).</summary>
    /// <param name="input">The input.</param>
    public static implicit operator Layer(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.InputLayer;
    }

    /// <summary>The layer of an input (named alternative to the implicit conversion).</summary>
    /// <returns>The input layer.</returns>
    public Layer ToLayer() => InputLayer;
}
