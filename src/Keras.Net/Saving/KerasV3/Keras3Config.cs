// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Serialization;

namespace Keras.Net.Saving.KerasV3;

/// <summary>
/// Writes <c>config.json</c> in Keras 3's form (formats.md 2.3) from this library's tf.keras 2 serialization: every
/// object gets <c>module</c> and <c>registered_name</c>, InputLayer's <c>batch_input_shape</c> becomes
/// <c>batch_shape</c>, LeakyReLU's <c>alpha</c> becomes <c>negative_slope</c>, an unset <c>activity_regularizer</c>
/// is left out, built layers carry a <c>build_config</c>, and the model a <c>compile_config</c>.
/// </summary>
internal static class Keras3Config
{
    private static readonly (string Kind, string Module)[] Modules =
    [
        ("layer", "keras.layers"), ("initializer", "keras.initializers"), ("regularizer", "keras.regularizers"),
        ("constraint", "keras.constraints"), ("optimizer", "keras.optimizers"), ("schedule", "keras.optimizers.schedules"),
    ];

    internal static JsonObject Write(Model model, bool includeOptimizer)
    {
        JsonObject config = Convert(KerasSerializer.Serialize(model))!.AsObject();
        Shape? built = model.BuildInputShapes is [Shape b] ? b : model.Inputs.Count == 1 ? model.Inputs[0].Shape : null;
        if (model is Sequential && config["config"] is JsonObject sequential)
        {
            // Keras 3 writes name, trainable, dtype, layers, build_input_shape.
            var ordered = new JsonObject
            {
                ["name"] = sequential["name"]?.DeepClone(),
                ["trainable"] = model.Trainable,
                ["dtype"] = Policy(model.DType.Name),
                ["layers"] = sequential["layers"]?.DeepClone(),
            };
            if (built is not null)
            {
                ordered["build_input_shape"] = ShapeJson(built);
            }

            config["config"] = ordered;
        }

        var layers = model is Sequential || model.IsGraphNetwork ? model.Layers.ToList() : [];
        if (config["config"]?["layers"] is JsonArray entries)
        {
            foreach (JsonObject entry in entries.OfType<JsonObject>())
            {
                string? name = (string?)entry["config"]?["name"];
                // Keras 3 records build shapes only for layers that build something (weights); stateless ones are built at creation.
                if (layers.FirstOrDefault(l => l.Name == name) is { BuildInputShapes: [Shape shape] } layer && layer is not InputLayer && layer.Weights.Count > 0)
                {
                    entry["build_config"] = new JsonObject { ["input_shape"] = ShapeJson(shape) };
                }
            }
        }

        if (model.Graph is { } graph && model is not Sequential && config["config"]?["layers"] is JsonArray functional)
        {
            WriteCalls(graph, functional);
        }

        if (built is not null)
        {
            // After config and registered_name, before compile_config, as Keras 3 orders them.
            config["build_config"] = new JsonObject { ["input_shape"] = ShapeJson(built) };
        }

        if (includeOptimizer && model.IsCompiled)
        {
            JsonObject training = TrainingConfig.Write(model);
            config["compile_config"] = new JsonObject
            {
                ["optimizer"] = Convert(training["optimizer_config"]?.DeepClone()),
                ["loss"] = training["loss"]?.DeepClone(),
                ["loss_weights"] = training["loss_weights"]?.DeepClone(),
                ["metrics"] = training["metrics"]?.DeepClone(),
                ["weighted_metrics"] = training["weighted_metrics"]?.DeepClone(),
                ["run_eagerly"] = false,
                ["steps_per_execution"] = 1,
                ["jit_compile"] = false,
            };
        }

        return config;
    }

    /// <summary>
    /// Keras 3's call records: each inbound node becomes <c>{"args": [...], "kwargs": {}}</c> whose Keras tensors are
    /// <c>__keras_tensor__</c> objects with shape, dtype and <c>keras_history</c> (a list of tensors is one argument).
    /// </summary>
    private static void WriteCalls(FunctionalGraph graph, JsonArray entries)
    {
        var index = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        foreach (Layer layer in graph.Layers)
        {
            int k = FunctionalConfig.SkipsFirstNode(layer) ? 1 : 0;
            foreach (Node n in layer.InboundNodes.Where(graph.NetworkNodes.Contains))
            {
                index[n] = k++;
            }
        }

        foreach (JsonObject entry in entries.OfType<JsonObject>())
        {
            Layer? layer = graph.Layers.FirstOrDefault(l => l.Name == (string?)entry["name"]);
            if (layer is null)
            {
                continue;
            }

            var calls = new JsonArray();
            foreach (Node n in layer.InboundNodes.Where(n => graph.NetworkNodes.Contains(n) && !n.IsInput))
            {
                var tensors = n.InputTensors.Select(t => (JsonNode)new JsonObject
                {
                    ["class_name"] = "__keras_tensor__",
                    ["config"] = new JsonObject
                    {
                        ["shape"] = ShapeJson(t.Shape),
                        ["dtype"] = t.DType.Name,
                        ["keras_history"] = new JsonArray(t.SourceLayer!.Name, index[t.Node!], t.TensorIndex),
                    },
                }).ToArray();
                JsonNode args = tensors.Length == 1 ? new JsonArray(tensors) : new JsonArray(new JsonArray(tensors));
                calls.Add(new JsonObject { ["args"] = args, ["kwargs"] = FunctionalConfig.CallKwargs(n) });
            }

            entry["inbound_nodes"] = calls;
        }
    }

    /// <summary>Converts serialized objects recursively into Keras 3's <c>{module, class_name, config, registered_name}</c> form.</summary>
    private static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(Convert).ToArray());
            case JsonObject obj when obj["class_name"] is JsonValue cv && cv.TryGetValue(out string? cls) && obj.ContainsKey("config"):
            {
                JsonObject config = Convert(obj["config"])?.AsObject() ?? [];
                Adjust(cls, config);
                var (module, registered) = ModuleOf(cls);
                var result = new JsonObject { ["module"] = module, ["class_name"] = registered is { } r && r.Contains('>', StringComparison.Ordinal) ? r.Split('>')[1] : cls, ["config"] = config, ["registered_name"] = registered };
                foreach (var (k, v) in obj)
                {
                    if (k is not ("class_name" or "config" or "module" or "registered_name"))
                    {
                        result[k] = v?.DeepClone();
                    }
                }

                return result;
            }

            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (k, v) in obj)
                {
                    result[k] = Convert(v);
                }

                return result;
            }

            default:
                return node?.DeepClone();
        }
    }

    /// <summary>The keys every Keras 3 optimizer config starts with, in order (the class's own keys follow).</summary>
    private static readonly string[] OptimizerBase =
    [
        "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum",
        "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
    ];

    private static void Adjust(string cls, JsonObject config)
    {
        if (KerasRegistry.BuiltInsOf("optimizer").ContainsKey(cls))
        {
            // tf.keras 2.11's jit_compile and is_legacy_optimizer are gone in Keras 3; two keys are new.
            config.Remove("jit_compile");
            config.Remove("is_legacy_optimizer");
            var original = config.ToList();
            config.Clear();
            foreach (string key in OptimizerBase)
            {
                config[key] = original.FirstOrDefault(kv => kv.Key == key).Value?.DeepClone();
            }

            foreach (var (key, value) in original.Where(kv => !OptimizerBase.Contains(kv.Key)))
            {
                config[key] = value?.DeepClone();
            }

            return;
        }

        if (cls == "InputLayer" && config["batch_input_shape"] is JsonNode shape)
        {
            config.Remove("batch_input_shape");
            var reordered = new JsonObject { ["batch_shape"] = shape };
            foreach (var (k, v) in config.ToList())
            {
                config.Remove(k);
                reordered[k] = v;
            }

            foreach (var (k, v) in reordered.ToList())
            {
                reordered.Remove(k);
                config[k] = v;
            }
        }

        if (cls == "LeakyReLU" && config["alpha"] is JsonNode alpha)
        {
            config.Remove("alpha");
            config["negative_slope"] = alpha;
        }

        if (config.ContainsKey("activity_regularizer") && config["activity_regularizer"] is null)
        {
            config.Remove("activity_regularizer");
        }

        // Keras >= 3.4 writes a layer's dtype as a DTypePolicy object (InputLayer keeps the string).
        if (cls != "InputLayer" && config["dtype"] is JsonValue dtype && dtype.TryGetValue(out string? name))
        {
            config["dtype"] = Policy(name);
        }
    }

    private static JsonObject Policy(string name) => new()
    {
        ["module"] = "keras",
        ["class_name"] = "DTypePolicy",
        ["config"] = new JsonObject { ["name"] = name },
        ["registered_name"] = null,
    };

    private static (string? Module, string? Registered) ModuleOf(string cls)
    {
        if (cls == "Sequential")
        {
            return ("keras", null);
        }

        if (cls is "Functional" or "Model")
        {
            return ("keras.src.models.functional", "Functional");
        }

        foreach (var (kind, module) in Modules)
        {
            if (KerasRegistry.BuiltInsOf(kind).ContainsKey(cls))
            {
                return (module, null);
            }
        }

        // A custom class: no Python module; registered_name is its registration key ("package>Name") or its class name.
        return (null, cls);
    }

    private static JsonArray ShapeJson(Shape shape) => new(shape.Select(d => (JsonNode?)(d is long v ? JsonValue.Create(v) : null)).ToArray());
}
