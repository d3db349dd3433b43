// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Layers;

/// <summary>
/// The layer behind an <see cref="Keras.Net.Input"/>: it has no weights and produces the model's input.
/// Default names follow tf.keras: <c>input_1</c>, <c>input_2</c>, ...
/// </summary>
public sealed class InputLayer : Layer
{
    private Input? _input;

    /// <summary>Creates an input layer and its symbolic <see cref="Keras.Net.Input"/>.</summary>
    /// <param name="inputShape">The shape of one sample (without the batch dimension).</param>
    /// <param name="batchSize">An optional fixed batch size.</param>
    /// <param name="name">The name (default <c>input_N</c>).</param>
    /// <param name="dtype">The dtype name.</param>
    /// <param name="batchInputShape">The full shape with the batch dimension, instead of <paramref name="inputShape"/>.</param>
    public InputLayer(Shape? inputShape = null, long? batchSize = null, string? name = null, string? dtype = null, Shape? batchInputShape = null)
        : this(inputShape, batchSize, name, dtype, batchInputShape, attach: true)
    {
    }

    private InputLayer(Shape? inputShape, long? batchSize, string? name, string? dtype, Shape? batchInputShape, bool attach)
        : base(name ?? NameRegistry.NextUid("input"), trainable: false, dtype: dtype)
    {
        if (inputShape is not null && batchInputShape is not null)
        {
            throw new ArgumentException("Only provide the `shape` OR `batch_shape` argument to Input, not both at the same time.");
        }

        if (inputShape is null && batchInputShape is null)
        {
            throw new ArgumentException("You must pass a `shape` argument to Input.");
        }

        BatchInputShape = batchInputShape ?? inputShape!.Prepend(batchSize);
        Built = true;
        if (attach)
        {
            _input = new Input(this);
        }
    }

    /// <summary>The shape of the input batch (batch dimension first, usually unknown).</summary>
    public Shape BatchInputShape { get; }

    /// <summary>The symbolic tensor this layer produces.</summary>
    public Input InputTensor => _input ?? throw new InvalidOperationException($"Input layer '{Name}' has no tensor.");

    /// <inheritdoc />
    internal override string OutputShapeText => $"[{BatchInputShape}]";

    internal static InputLayer CreateDetached(Shape? shape, long? batchSize, string? name, string? dtype, Shape? batchShape) =>
        new(shape, batchSize, name, dtype, batchShape, attach: false);

    internal void AttachInput(Input input)
    {
        _input = input;
        AddInboundNode(new Node(this, [], [input]));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Alias(inputs);
}
