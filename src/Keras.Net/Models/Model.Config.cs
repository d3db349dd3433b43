// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Serialization;

namespace Keras.Net.Models;

/// <summary>Configs and JSON (Keras's <c>get_config</c>, <c>from_config</c>, <c>to_json</c>, <c>model_from_json</c>, <c>clone_model</c>).</summary>
public partial class Model
{
    /// <summary>The Keras version written into JSON (the tf.keras generation whose formats this library writes).</summary>
    public const string KerasVersion = "2.12.0";

    /// <summary>
    /// The config. Functional models: tf.keras's <c>name</c>, <c>trainable</c>, <c>layers</c> (each with
    /// <c>class_name</c>, <c>config</c>, <c>name</c>, <c>inbound_nodes</c>), <c>input_layers</c>, <c>output_layers</c>.
    /// Subclassed models: the base keys; override to add constructor arguments.
    /// </summary>
    /// <returns>The config.</returns>
    public override JsonObject GetConfig()
    {
        if (_graph is null)
        {
            return base.GetConfig();
        }

        var nodeIndex = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        foreach (Layer layer in _graph.Layers)
        {
            // tf.keras numbers a nested functional model's calls from 1: its node 0 is its own construction.
            int k = FunctionalConfig.SkipsFirstNode(layer) ? 1 : 0;
            foreach (Node n in layer.InboundNodes.Where(_graph.NetworkNodes.Contains))
            {
                nodeIndex[n] = k++;
            }
        }

        var layers = new JsonArray();
        foreach (Layer layer in _graph.Layers)
        {
            JsonObject entry = KerasSerializer.Serialize(layer);
            entry["name"] = layer.Name;
            var inbound = new JsonArray();
            foreach (Node n in layer.InboundNodes.Where(n => _graph.NetworkNodes.Contains(n) && !n.IsInput))
            {
                var call = new JsonArray();
                foreach (KerasTensor t in n.InputTensors)
                {
                    call.Add(new JsonArray(t.SourceLayer!.Name, nodeIndex[t.Node!], t.TensorIndex, FunctionalConfig.CallKwargs(n)));
                }

                inbound.Add(call);
            }

            entry["inbound_nodes"] = inbound;
            layers.Add(entry);
        }

        JsonNode Ends(IReadOnlyList<KerasTensor> tensors, IReadOnlyList<string>? keys)
        {
            JsonArray End(KerasTensor t) => new(t.SourceLayer!.Name, nodeIndex[t.Node!], t.TensorIndex);
            if (keys is null)
            {
                return new JsonArray(tensors.Select(t => (JsonNode?)End(t)).ToArray());
            }

            // A model built on dictionaries: {key: [layer_name, node_index, tensor_index]}, as tf.keras and Keras 3 write it.
            var named = new JsonObject();
            for (int i = 0; i < tensors.Count; i++)
            {
                named[keys[i]] = End(tensors[i]);
            }

            return named;
        }

        return new JsonObject
        {
            ["name"] = Name,
            ["trainable"] = Trainable,
            ["layers"] = layers,
            ["input_layers"] = Ends(_graph.Inputs, HasNamedInputs ? InputNames : null),
            ["output_layers"] = Ends(_graph.Outputs, HasNamedOutputs ? OutputNames() : null),
        };
    }

    /// <summary>Rebuilds a functional model from its config (tf.keras 2 or Keras 3 node formats).</summary>
    /// <param name="config">The inner config (<c>name</c>, <c>layers</c>, <c>input_layers</c>, <c>output_layers</c>).</param>
    /// <param name="customObjects">Custom classes and functions by name.</param>
    /// <returns>The model, with fresh weights.</returns>
    /// <exception cref="KerasFormatException">The config is malformed or names unknown classes.</exception>
    public static Model FromConfig(JsonObject config, IReadOnlyDictionary<string, object>? customObjects = null) =>
        FunctionalConfig.Rebuild(config, new DeserializationContext(customObjects), "$");

    /// <summary>The model as tf.keras's <c>to_json()</c>: <c>class_name</c>, <c>config</c>, <c>keras_version</c>, <c>backend</c>.</summary>
    /// <returns>JSON text, written as Python's <c>json.dumps</c> writes it.</returns>
    public string ToJson()
    {
        JsonObject serialized = KerasSerializer.Serialize(this);
        serialized["keras_version"] = KerasVersion;
        serialized["backend"] = "tensorflow";
        return PythonJson.Serialize(serialized);
    }

    /// <summary>Creates a model from <see cref="ToJson"/> output or any Keras model JSON (Keras's <c>model_from_json</c>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="customObjects">Custom classes and functions by name.</param>
    /// <returns>The model, with fresh weights.</returns>
    /// <exception cref="KerasFormatException">The JSON is malformed or names unknown classes.</exception>
    public static Model FromJson(string json, IReadOnlyDictionary<string, object>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode node = PythonJson.Parse(json);
        return (Model)KerasSerializer.Deserialize(node, typeof(Model), new DeserializationContext(customObjects), "$")!;
    }

    /// <summary>
    /// A new model with the same architecture and fresh weights, not compiled (Keras's <c>clone_model</c>).
    /// Custom classes are resolved as when loading (custom objects, scopes, registrations).
    /// </summary>
    /// <param name="model">The model to clone.</param>
    /// <param name="cloneFunction">Makes each new layer from the original one (default: from its config).</param>
    /// <param name="customObjects">Custom classes and functions by name.</param>
    /// <returns>The clone.</returns>
    public static Model CloneModel(Model model, Func<Layer, Layer>? cloneFunction = null, IReadOnlyDictionary<string, object>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var originals = model.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        if (model.Graph is not null)
        {
            foreach (Layer l in model.Graph.Layers)
            {
                originals[l.Name] = l;
            }
        }

        var ctx = new DeserializationContext(customObjects)
        {
            LayerFactory = cloneFunction is null ? null : (name, _) => originals.TryGetValue(name, out Layer? l) && l is not InputLayer ? cloneFunction(l) : null,
        };
        return (Model)KerasSerializer.Deserialize(KerasSerializer.Serialize(model), typeof(Model), ctx, "$")!;
    }
}
