// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Serialization;

namespace Keras.Net.Models;

/// <summary>Rebuilds functional graphs from configs, as tf.keras's <c>reconstruct_from_config</c> does.</summary>
internal static class FunctionalConfig
{
    internal static Model Rebuild(JsonObject config, DeserializationContext ctx, string path, Type? modelType = null)
    {
        JsonArray layers = config["layers"] as JsonArray ?? throw ctx.Error("A functional config needs a \"layers\" list.", path + ".layers");
        var created = new Dictionary<string, Layer>(StringComparer.Ordinal);
        var outputs = new Dictionary<Layer, List<IReadOnlyList<KerasTensor>>>(ReferenceEqualityComparer.Instance);
        var pending = new List<(Layer Layer, string Path, Queue<(List<(string, int, int)> Inputs, bool? Training, Dictionary<string, object>? Arguments)> Calls)>();
        for (int i = 0; i < layers.Count; i++)
        {
            string lp = $"{path}.layers[{i}]";
            JsonObject entry = layers[i] as JsonObject ?? throw ctx.Error("Each layer entry must be an object.", lp);
            Layer layer = CreateLayer(entry, ctx, lp);
            string name = entry["name"]?.GetValue<string>() ?? layer.Name;
            if (!created.TryAdd(name, layer))
            {
                throw ctx.Error($"The layer name \"{name}\" appears twice.", lp + ".name");
            }

            outputs[layer] = [];
            if (layer is InputLayer input)
            {
                outputs[layer].Add([input.InputTensor]);
            }

            var calls = new Queue<(List<(string, int, int)> Inputs, bool? Training, Dictionary<string, object>? Arguments)>();
            if (entry["inbound_nodes"] is JsonArray nodes)
            {
                for (int n = 0; n < nodes.Count; n++)
                {
                    calls.Enqueue(ParseCall(nodes[n], ctx, $"{lp}.inbound_nodes[{n}]"));
                }
            }

            pending.Add((layer, lp, calls));
        }

        bool progress = true;
        while (progress && pending.Any(p => p.Calls.Count > 0))
        {
            progress = false;
            foreach (var (layer, lp, calls) in pending)
            {
                while (calls.Count > 0)
                {
                    var (call, training, arguments) = calls.Peek();
                    var inputs = new List<KerasTensor>();
                    bool ready = true;
                    foreach ((string name, int node, int tensor) in call)
                    {
                        if (!created.TryGetValue(name, out Layer? inbound))
                        {
                            throw ctx.Error($"Layer \"{layer.Name}\" is called on \"{name}\", which is not a layer of this model.", lp + ".inbound_nodes");
                        }

                        int index = node - (SkipsFirstNode(inbound) ? 1 : 0);
                        if (index < 0)
                        {
                            throw ctx.Error($"Layer \"{name}\" is a nested functional model: its calls are numbered from 1, not {node}.", lp + ".inbound_nodes");
                        }

                        if (outputs[inbound].Count <= index)
                        {
                            ready = false;
                            break;
                        }

                        IReadOnlyList<KerasTensor> produced = outputs[inbound][index];
                        inputs.Add(tensor < produced.Count ? produced[tensor] : throw ctx.Error($"Layer \"{name}\" has no output {tensor}.", lp + ".inbound_nodes"));
                    }

                    if (!ready)
                    {
                        break;
                    }

                    calls.Dequeue();
                    try
                    {
                        outputs[layer].Add(layer.ApplyMulti(inputs, training, arguments));
                    }
                    catch (ArgumentException e)
                    {
                        throw ctx.Error($"Calling layer \"{layer.Name}\" failed: {e.Message}", lp, e);
                    }

                    progress = true;
                }
            }
        }

        if (pending.FirstOrDefault(p => p.Calls.Count > 0) is { Layer: not null } stuck)
        {
            throw ctx.Error($"The inbound nodes of layer \"{stuck.Layer.Name}\" cannot be resolved (a cycle or a reference to a missing call).", stuck.Path + ".inbound_nodes");
        }

        KerasTensor Resolve((string Name, int Node, int Tensor) r, string p)
        {
            int node = created.TryGetValue(r.Name, out Layer? l) ? r.Node - (SkipsFirstNode(l) ? 1 : 0) : -1;
            if (l is null || node < 0 || outputs[l].Count <= node || outputs[l][node].Count <= r.Tensor)
            {
                throw ctx.Error($"[\"{r.Name}\", {r.Node}, {r.Tensor}] does not name a tensor of this model.", p);
            }

            return outputs[l][node][r.Tensor];
        }

        var ins = ParseEnds(config["input_layers"], ctx, path + ".input_layers").Select(r => Resolve(r, path + ".input_layers")).ToList();
        var outs = ParseEnds(config["output_layers"], ctx, path + ".output_layers").Select(r => Resolve(r, path + ".output_layers")).ToList();
        string? modelName = config["name"]?.GetValue<string>();
        try
        {
            Model model = modelType is null || modelType == typeof(Model) ? new Model(ins, outs, modelName) : ConstructSubclass(modelType, ins, outs, modelName, ctx, path);
            model.NameEnds(EndKeys(config["input_layers"]), EndKeys(config["output_layers"]));
            if (config["trainable"] is JsonValue t && !t.GetValue<bool>())
            {
                model.Trainable = false;
            }

            return model;
        }
        catch (ArgumentException e)
        {
            throw ctx.Error(e.Message, path, e);
        }
    }

    /// <summary>
    /// tf.keras's functional-subclass path: a subclass of <see cref="Model"/> built from <c>(inputs, outputs)</c> is
    /// re-created by calling its constructor on the rebuilt graph, so it needs no hand-written <c>FromConfig</c>.
    /// </summary>
    private static Model ConstructSubclass(Type type, List<KerasTensor> ins, List<KerasTensor> outs, string? name, DeserializationContext ctx, string path)
    {
        foreach (System.Reflection.ConstructorInfo c in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            System.Reflection.ParameterInfo[] ps = c.GetParameters();
            if (ps.Length < 2)
            {
                continue;
            }

            object? Graph(Type t, List<KerasTensor> tensors) =>
                t.IsAssignableFrom(typeof(List<KerasTensor>)) ? tensors : t == typeof(KerasTensor) && tensors.Count == 1 ? tensors[0] : null;
            object? first = Graph(ps[0].ParameterType, ins), second = Graph(ps[1].ParameterType, outs);
            if (first is null || second is null || !ps.Skip(2).All(p => p.HasDefaultValue || (p.Name == "name" && p.ParameterType == typeof(string))))
            {
                continue;
            }

            object?[] args = [first, second, .. ps.Skip(2).Select(p => p.Name == "name" && p.ParameterType == typeof(string) ? name : p.DefaultValue)];
            try
            {
                return (Model)c.Invoke(args);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                throw ctx.Error($"{type.Name}({string.Join(", ", ps.Select(p => p.Name))}) failed on the rebuilt graph: {e.InnerException.Message}", path, e.InnerException);
            }
        }

        throw ctx.Error($"{type.Name} has a functional config but neither a FromConfig method nor a constructor taking (inputs, outputs[, name]) to rebuild it with.", path);
    }

    /// <summary>
    /// tf.keras's <c>_should_skip_first_node</c>: a nested functional model (or Sequential built on an Input) was
    /// already called once when it was constructed, and configs number its calls in an outer model from 1.
    /// </summary>
    internal static bool SkipsFirstNode(Layer layer) => layer is Model { IsGraphNetwork: true };

    internal static Layer CreateLayer(JsonObject entry, DeserializationContext ctx, string path)
    {
        string? name = entry["name"]?.GetValue<string>() ?? entry["config"]?["name"]?.GetValue<string>();
        if (ctx.LayerFactory is not null && name is not null && ctx.LayerFactory(name, entry) is { } made)
        {
            return made;
        }

        return (Layer)KerasSerializer.Deserialize(entry, typeof(Layer), ctx, path)!;
    }

    private static (List<(string, int, int)>, bool?, Dictionary<string, object>?) ParseCall(JsonNode? call, DeserializationContext ctx, string path)
    {
        var result = new List<(string, int, int)>();
        bool? training = null;
        Dictionary<string, object>? arguments = null;
        switch (call)
        {
            case JsonArray list:
                // tf.keras 2: [[name, node, tensor, kwargs], ...], the call's keyword arguments on every input.
                for (int i = 0; i < list.Count; i++)
                {
                    result.Add(Triple(list[i], ctx, $"{path}[{i}]"));
                    training ??= TrainingOf(list[i] is JsonArray { Count: > 3 } entry ? entry[3] : null);
                    arguments ??= ArgumentsOf(list[i] is JsonArray { Count: > 3 } withKwargs ? withKwargs[3] : null);
                }

                break;
            case JsonObject obj:
                // Keras 3: {"args": [...], "kwargs": {...}} with __keras_tensor__ entries.
                CollectKerasTensors(obj["args"], result, ctx, path + ".args");
                training = TrainingOf(obj["kwargs"]);
                arguments = ArgumentsOf(obj["kwargs"]);
                break;
            default:
                throw ctx.Error("An inbound node must be a list (tf.keras 2) or an object with \"args\" (Keras 3).", path);
        }

        return (result, training, arguments);
    }

    /// <summary>A call's <c>training</c> keyword argument when it is a boolean (Keras saves it as given).</summary>
    private static bool? TrainingOf(JsonNode? kwargs) =>
        kwargs is JsonObject o && o["training"] is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? v.GetValue<bool>()
            : null;

    /// <summary>The keyword arguments saved with a call: <c>training</c> when the call fixed its mode, and its other plain arguments.</summary>
    internal static JsonObject CallKwargs(Node node)
    {
        var kwargs = new JsonObject();
        if (node.Training is bool t)
        {
            kwargs["training"] = t;
        }

        foreach (var (key, value) in node.Arguments ?? new Dictionary<string, object>())
        {
            kwargs[key] = value switch
            {
                bool b => b,
                int i => i,
                long l => l,
                double d => d,
                string s => s,
                _ => throw new NotSupportedException($"The call of layer \"{node.Layer.Name}\" has argument \"{key}\" of type {value.GetType().Name}, which a config cannot hold (only booleans, numbers and strings)."),
            };
        }

        return kwargs;
    }

    /// <summary>A call's plain keyword arguments other than <c>training</c> (booleans, numbers, strings), or null.</summary>
    private static Dictionary<string, object>? ArgumentsOf(JsonNode? kwargs)
    {
        if (kwargs is not JsonObject o)
        {
            return null;
        }

        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in o)
        {
            if (key == "training" || value is not JsonValue v)
            {
                continue;
            }

            object? plain = v.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.True => true,
                System.Text.Json.JsonValueKind.False => false,
                System.Text.Json.JsonValueKind.Number => v.TryGetValue(out long l) ? l : v.GetValue<double>(),
                System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
                _ => null,
            };
            if (plain is not null)
            {
                result[key] = plain;
            }
        }

        return result.Count > 0 ? result : null;
    }

    private static void CollectKerasTensors(JsonNode? node, List<(string, int, int)> into, DeserializationContext ctx, string path)
    {
        switch (node)
        {
            case JsonArray arr:
                for (int i = 0; i < arr.Count; i++)
                {
                    CollectKerasTensors(arr[i], into, ctx, $"{path}[{i}]");
                }

                break;
            case JsonObject o when o["class_name"]?.GetValue<string>() == "__keras_tensor__":
                into.Add(Triple(o["config"]?["keras_history"], ctx, path + ".config.keras_history"));
                break;
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    CollectKerasTensors(v, into, ctx, $"{path}.{k}");
                }

                break;
        }
    }

    private static (string, int, int) Triple(JsonNode? node, DeserializationContext ctx, string path)
    {
        if (node is JsonArray { Count: >= 3 } a && a[0] is JsonValue n && n.TryGetValue(out string? name))
        {
            if (name == "_CONSTANT_VALUE")
            {
                throw ctx.Error("Constant (non-tensor) call arguments are not supported.", path);
            }

            return (name, a[1]!.GetValue<int>(), a[2]!.GetValue<int>());
        }

        throw ctx.Error("Expected [layer_name, node_index, tensor_index].", path);
    }

    /// <summary>The keys of a dictionary-structured <c>input_layers</c>/<c>output_layers</c> (a model built on dictionaries), or null.</summary>
    internal static List<string>? EndKeys(JsonNode? node) => node is JsonObject dict ? dict.Select(kv => kv.Key).ToList() : null;

    private static List<(string, int, int)> ParseEnds(JsonNode? node, DeserializationContext ctx, string path)
    {
        if (node is JsonObject dict && dict.Count > 0)
        {
            // tf.keras 2.4+ and Keras 3 write a model built on dictionaries as {key: [layer_name, node_index, tensor_index]}.
            return dict.Select(kv => Triple(kv.Value, ctx, $"{path}.{kv.Key}")).ToList();
        }

        if (node is not JsonArray arr || arr.Count == 0)
        {
            throw ctx.Error("Expected a list of [layer_name, node_index, tensor_index].", path);
        }

        // Keras 3 writes a flat triple for a single tensor.
        if (arr[0] is JsonValue)
        {
            return [Triple(arr, ctx, path)];
        }

        return arr.Select((t, i) => Triple(t, ctx, $"{path}[{i}]")).ToList();
    }
}
