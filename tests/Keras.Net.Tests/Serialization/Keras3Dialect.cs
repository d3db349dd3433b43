// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Tests.Serialization;

/// <summary>
/// Translates a Keras 3 serialized config into the tf.keras 2 dialect this library writes, key for key,
/// so the two can be compared for meaning: drops <c>module</c>, <c>registered_name</c>, <c>build_config</c>,
/// <c>compile_config</c> and <c>shared_object_id</c>; DTypePolicy objects become their dtype name; scalar
/// <c>__tensor__</c> objects become their number;
/// InputLayer <c>batch_shape</c> becomes <c>batch_input_shape</c>; LeakyReLU <c>negative_slope</c> becomes
/// <c>alpha</c>.
/// </summary>
internal static class Keras3Dialect
{
    /// <summary>Keys Keras 3 writes that the tf.keras 2 dialect leaves out when they hold their default.</summary>
    public static readonly Dictionary<string, JsonNode?> OmittedWhenDefault = new()
    {
        ["trainable"] = true,
        ["dtype"] = "float32",
        ["optional"] = false,
        ["zero_output_for_mask"] = false,
        ["seed"] = null,
    };

    private static readonly HashSet<string> Dropped = ["module", "registered_name", "build_config", "compile_config", "shared_object_id"];

    public static JsonNode? ToTfKeras2(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o["class_name"]?.GetValue<string>() == "DTypePolicy":
                return o["config"]!["name"]!.DeepClone();
            case JsonObject o when o["class_name"]?.GetValue<string>() == "__tensor__" && o["config"]!["value"] is JsonNode v:
                return (v is JsonArray { Count: 1 } one ? one[0] : v)!.DeepClone();
            case JsonObject o:
            {
                string? cls = o["class_name"] is JsonValue c && c.TryGetValue(out string? cs) ? cs : null;
                var result = new JsonObject();
                foreach (var (k, v) in o)
                {
                    if (Dropped.Contains(k))
                    {
                        continue;
                    }

                    JsonNode? value = ToTfKeras2(v);
                    if (k == "config" && value is JsonObject config)
                    {
                        Rename(config, cls);
                        if (cls == "Sequential")
                        {
                            config.Remove("build_input_shape");
                        }
                    }

                    result[k] = value;
                }

                return result;
            }

            case JsonArray a:
                return new JsonArray(a.Select(ToTfKeras2).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static void Rename(JsonObject config, string? cls)
    {
        void Move(string from, string to)
        {
            if (config.ContainsKey(from))
            {
                JsonNode? v = config[from];
                config.Remove(from);
                config[to] = v?.DeepClone();
            }
        }

        switch (cls)
        {
            case "InputLayer":
                Move("batch_shape", "batch_input_shape");
                break;
            case "LeakyReLU":
                Move("negative_slope", "alpha");
                break;
        }
    }
}
