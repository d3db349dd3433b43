// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Serialization;

namespace Keras.Net.Models;

/// <summary>
/// A plain stack of layers, each with one input and one output (Keras's <c>keras.Sequential</c>). With an
/// <see cref="Keras.Net.Input"/> (or <see cref="InputLayer"/>) first it is built at once as a graph;
/// otherwise it is built when first called or when <see cref="Layer.EnsureBuilt(Shape)"/> is called.
/// </summary>
public class Sequential : Model
{
    private readonly List<Layer> _layers = [];
    private readonly List<KerasTensor> _chain = [];
    private InputLayer? _inputLayer;

    /// <summary>Creates a Sequential model.</summary>
    /// <param name="layers">The layers; an <see cref="Keras.Net.Input"/> may stand first.</param>
    /// <param name="name">The name (default <c>sequential</c>, <c>sequential_1</c>, ...).</param>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null)
        : base(name)
    {
        foreach (Layer layer in layers ?? [])
        {
            Add(layer);
        }
    }

    /// <summary>The layers, without the input layer.</summary>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc />
    protected internal override IEnumerable<Layer> ChildLayers => _layers;

    /// <inheritdoc />
    private protected override bool OpensNameScope => false;

    /// <summary>Adds a layer on top of the stack.</summary>
    /// <param name="layer">The layer (or an <see cref="Keras.Net.Input"/>, converted to its layer, when the stack is empty).</param>
    /// <exception cref="ArgumentException">The layer is an input layer after other layers, a duplicate name, or has several outputs.</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is InputLayer input)
        {
            if (_layers.Count > 0 || _inputLayer is not null)
            {
                throw new ArgumentException($"An InputLayer ('{input.Name}') can only be the first layer of a Sequential model.", nameof(layer));
            }

            _inputLayer = input;
            _chain.Add(input.InputTensor);
            return;
        }

        if (_layers.Any(l => l.Name == layer.Name) || _inputLayer?.Name == layer.Name)
        {
            throw new ArgumentException($"All layers added to a Sequential model should have unique names. Name \"{layer.Name}\" is already the name of a layer in this model. Update the `name` argument to pass a unique name.", nameof(layer));
        }

        if (_chain.Count == 0 && _layers.Count == 0 && layer.BatchInputShape is { } declared)
        {
            // As Keras with `input_shape=` on the first layer: an input named after the layer.
            var declaredInput = new Input(batchShape: declared, name: layer.Name + "_input");
            _inputLayer = declaredInput.InputLayer;
            _chain.Add(declaredInput);
        }

        if (_chain.Count > 0)
        {
            IReadOnlyList<KerasTensor> outs = layer.ApplyMulti([_chain[^1]]);
            if (outs.Count != 1)
            {
                throw new ArgumentException("All layers in a Sequential model should have a single output tensor. For multi-output layers, use the functional API.", nameof(layer));
            }

            _chain.Add(outs[0]);
            _layers.Add(layer);
            SetGraph([_chain[0]], [_chain[^1]]);
            return;
        }

        _layers.Add(layer);
    }

    /// <summary>Removes the last layer.</summary>
    /// <exception cref="InvalidOperationException">There is no layer to remove.</exception>
    public void Pop()
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException("There are no layers in the model.");
        }

        _layers.RemoveAt(_layers.Count - 1);
        if (_chain.Count > 1)
        {
            _chain.RemoveAt(_chain.Count - 1);
            if (_layers.Count > 0)
            {
                SetGraph([_chain[0]], [_chain[^1]]);
            }
            else
            {
                ClearGraph();
            }
        }
    }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (IsGraphNetwork || _layers.Count == 0)
        {
            return;
        }

        // tf.keras infers the graph from the first input: batch dimension unknown, named after the first layer.
        var input = new Input(batchShape: inputShape.With(0, null), name: _layers[0].Name + "_input");
        _inputLayer = input.InputLayer;
        _chain.Add(input);
        foreach (Layer layer in _layers)
        {
            IReadOnlyList<KerasTensor> outs = layer.ApplyMulti([_chain[^1]]);
            if (outs.Count != 1)
            {
                throw new ArgumentException("All layers in a Sequential model should have a single output tensor. For multi-output layers, use the functional API.");
            }

            _chain.Add(outs[0]);
        }

        SetGraph([_chain[0]], [_chain[^1]]);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (!IsGraphNetwork)
        {
            throw new InvalidOperationException($"Sequential model \"{Name}\" has no layers.");
        }

        return base.Call(inputs, masks, training);
    }

    /// <summary>
    /// tf.keras's Sequential config: <c>name</c>, <c>layers</c> (the input layer first when the model has one),
    /// and <c>build_input_shape</c> when the model was built from a shape without an input layer.
    /// </summary>
    /// <returns>The config.</returns>
    public override JsonObject GetConfig()
    {
        var layers = new JsonArray();
        if (_inputLayer is not null)
        {
            layers.Add(KerasSerializer.Serialize(_inputLayer));
        }

        foreach (Layer layer in _layers)
        {
            layers.Add(KerasSerializer.Serialize(layer));
        }

        return new JsonObject { ["name"] = Name, ["layers"] = layers };
    }

    /// <summary>
    /// Rebuilds a Sequential model from its config: tf.keras 2 (<c>name</c>, <c>layers</c>,
    /// <c>build_input_shape</c>), Keras 3 (with <c>trainable</c>, <c>dtype</c>), or the old bare list of layers.
    /// </summary>
    /// <param name="config">The inner config.</param>
    /// <param name="customObjects">Custom classes and functions by name.</param>
    /// <returns>The model, with fresh weights.</returns>
    /// <exception cref="KerasFormatException">The config is malformed or names unknown classes.</exception>
    public static Sequential FromConfig(JsonNode config, IReadOnlyDictionary<string, object>? customObjects = null) =>
        Rebuild(config, new DeserializationContext(customObjects), "$");

    internal static Sequential Rebuild(JsonNode config, DeserializationContext ctx, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        JsonArray layers = config switch
        {
            JsonArray list => list,
            JsonObject o when o["layers"] is JsonArray l => l,
            _ => throw ctx.Error("A Sequential config needs a \"layers\" list.", path),
        };
        string? name = (config as JsonObject)?["name"]?.GetValue<string>();
        var model = new Sequential(name: name);
        for (int i = 0; i < layers.Count; i++)
        {
            string lp = config is JsonArray ? $"{path}[{i}]" : $"{path}.layers[{i}]";
            JsonObject entry = layers[i] as JsonObject ?? throw ctx.Error("Each layer entry must be an object.", lp);
            Layer layer = FunctionalConfig.CreateLayer(entry, ctx, lp);
            try
            {
                model.Add(layer);
            }
            catch (ArgumentException e)
            {
                throw ctx.Error(e.Message, lp, e);
            }
        }

        if (config is JsonObject obj && obj["build_input_shape"] is JsonNode shape && !model.Built)
        {
            model.EnsureBuilt((Shape)ConfigBinder.Convert(shape, typeof(Shape), null, ctx, path + ".build_input_shape")!);
        }

        return model;
    }
}
