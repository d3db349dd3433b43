// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

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
    public Shape InputBatchShape => BatchInputShape!;

    /// <summary>The symbolic tensor this layer produces.</summary>
    public Input InputTensor => _input ?? throw new InvalidOperationException($"Input layer '{Name}' has no tensor.");

    /// <inheritdoc />
    internal override string OutputShapeText => $"[{InputBatchShape}]";

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

    /// <summary>tf.keras 2's InputLayer config: <c>batch_input_shape</c>, <c>dtype</c>, <c>sparse</c>, <c>ragged</c>, <c>name</c>.</summary>
    /// <returns>The config.</returns>
    public override JsonObject GetConfig() => new()
    {
        ["batch_input_shape"] = ShapeJson(InputBatchShape),
        ["dtype"] = DType.Name,
        ["sparse"] = false,
        ["ragged"] = false,
        ["name"] = Name,
    };

    /// <summary>Creates an input layer from a tf.keras 2 (<c>batch_input_shape</c>) or Keras 3 (<c>batch_shape</c>) config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer (with its <see cref="Keras.Net.Input"/>).</returns>
    /// <exception cref="KerasFormatException">No shape, or a sparse or ragged input (not supported).</exception>
    public static InputLayer FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ctx = new DeserializationContext(null);
        JsonNode? shapeNode = config["batch_input_shape"] ?? config["batch_shape"];
        if (shapeNode is null)
        {
            throw new KerasFormatException("An InputLayer config needs \"batch_input_shape\" or \"batch_shape\".", "$");
        }

        foreach (string flag in new[] { "sparse", "ragged" })
        {
            if (config[flag] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                throw new KerasFormatException($"{flag} inputs are not supported (InputLayer '{config["name"]}').", "$." + flag);
            }
        }

        var shape = (Shape)ConfigBinder.Convert(shapeNode, typeof(Shape), null, ctx, "$.batch_input_shape")!;
        string? name = config["name"]?.GetValue<string>();
        string? dtype = ConfigBinder.DTypeName(config["dtype"]);
        return new InputLayer(name: name, dtype: dtype, batchInputShape: shape);
    }
}
