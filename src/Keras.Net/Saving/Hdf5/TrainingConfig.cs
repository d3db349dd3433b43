// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Losses;
using Keras.Net.Metrics;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Serialization;

namespace Keras.Net.Saving.Hdf5;

/// <summary>tf.keras's <c>training_config</c> JSON (formats.md 1.7): how the model was compiled.</summary>
internal static class TrainingConfig
{
    internal static JsonObject Write(Model model) => new()
    {
        ["loss"] = LossJson(model),
        ["metrics"] = model.CompiledMetricSpecs.Count == 0 ? null : new JsonArray(model.CompiledMetricSpecs.Select(MetricJson).ToArray()),
        ["weighted_metrics"] = null,
        ["loss_weights"] = model.LossWeights.All(w => w == 1.0) ? null : new JsonArray(model.LossWeights.Select(w => (JsonNode?)w).ToArray()),
        ["optimizer_config"] = KerasSerializer.Serialize(model.Optimizer!),
    };

    /// <summary>Compiles <paramref name="model"/> as the training config says.</summary>
    internal static void Apply(Model model, JsonObject config, DeserializationContext ctx, string path)
    {
        // tf.keras 2 writes optimizer_config; a Keras 3 compile config (and a legacy .h5 whose training_config is
        // one) names it optimizer, as an object or a string.
        JsonNode? optimizerConfig = config["optimizer_config"] ?? config["optimizer"]
            ?? throw ctx.Error("The training config has neither optimizer_config nor optimizer: the model cannot be compiled as saved. Load it with compile: false and call Compile.", path + ".optimizer_config");
        var optimizer = (Optimizer)KerasSerializer.Deserialize(optimizerConfig, typeof(Optimizer), ctx, path + ".optimizer_config")!;
        object? loss = ReadLoss(config["loss"], ctx, path + ".loss");
        if (loss is Dictionary<string, object> byOutput || config["loss_weights"] is JsonObject || config["metrics"] is JsonObject)
        {
            // Keyed by output name, as a model compiled with dictionaries is saved.
            var losses = loss as Dictionary<string, object> ?? model.OutputLayerNames.Where(_ => loss is not null).ToDictionary(n => n, _ => loss!, StringComparer.Ordinal);
            var weightsByName = config["loss_weights"] is JsonObject lwd ? lwd.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>(), StringComparer.Ordinal) : null;
            var metricsByName = config["metrics"] is JsonObject md
                ? md.ToDictionary(kv => kv.Key, kv => (object)(ReadMetrics(kv.Value is JsonArray ? kv.Value : new JsonArray(kv.Value?.DeepClone()), ctx, $"{path}.metrics.{kv.Key}") ?? []), StringComparer.Ordinal)
                : null;
            model.Compile(optimizer, losses, weightsByName, metricsByName);
            return;
        }

        var metrics = ReadMetrics(config["metrics"], ctx, path + ".metrics");
        List<double>? weights = config["loss_weights"] is JsonArray lw ? lw.Select(w => w!.GetValue<double>()).ToList() : null;
        model.Compile(optimizer, loss, metrics, weights);
    }

    private static JsonNode? LossJson(Model model)
    {
        var losses = model.CompiledLosses;
        JsonNode? One(Loss? l) => l switch
        {
            null => null,
            LossFunctionWrapper w => w.Name,
            _ when Loss.IsBuiltInName(l.Name) && l.GetType() == Loss.Get(l.Name).GetType() && PythonJson.Serialize(l.GetConfig()) == PythonJson.Serialize(Loss.Get(l.Name).GetConfig()) => l.Name,
            _ => KerasSerializer.Serialize(l),
        };
        if (losses.Count == 0)
        {
            return null;
        }

        return losses.Count == 1 || losses.All(l => ReferenceEquals(l, losses[0])) ? One(losses[0]) : new JsonArray(losses.Select(One).ToArray());
    }

    private static JsonNode? MetricJson(object spec) => spec switch
    {
        string s => s,
        Metric m => KerasSerializer.Serialize(m),
        Func<Tensor, Tensor, Tensor> f => KerasRegistry.FunctionName(f) ?? f.Method.Name,
        _ => null,
    };

    private static object? ReadLoss(JsonNode? node, DeserializationContext ctx, string path) => node switch
    {
        null => null,
        JsonArray list => list.Select((n, i) => ReadLoss(n, ctx, $"{path}[{i}]")).ToList(),
        JsonObject o when o["class_name"] is null => o.ToDictionary(kv => kv.Key, kv => ReadLoss(kv.Value, ctx, $"{path}.{kv.Key}") ?? throw ctx.Error("A per-output loss is null.", $"{path}.{kv.Key}"), StringComparer.Ordinal),
        _ => KerasSerializer.Deserialize(node, typeof(Loss), ctx, path),
    };

    private static List<object>? ReadMetrics(JsonNode? node, DeserializationContext ctx, string path)
    {
        if (node is not JsonArray list)
        {
            return null;
        }

        // tf.keras writes a list per output once trained ([[...]]); use the first output's list.
        if (list.Count > 0 && list[0] is JsonArray perOutput)
        {
            list = perOutput;
        }

        var result = new List<object>();
        for (int i = 0; i < list.Count; i++)
        {
            JsonNode? m = list[i];
            if (m is JsonValue v && v.TryGetValue(out string? name))
            {
                result.Add(name);
            }
            else if (m is not null)
            {
                result.Add(KerasSerializer.Deserialize(m, typeof(Metric), ctx, $"{path}[{i}]")!);
            }
        }

        return result;
    }
}
