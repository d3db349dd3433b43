// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Fuzz.Tests;

/// <summary>Structure-aware damage to a JSON config: one value replaced by a lie, a key dropped, or the document made deep.</summary>
internal static class JsonLies
{
    private static readonly Func<Random, JsonNode?>[] Lies =
    [
        _ => JsonValue.Create(1_000_000_000),
        _ => JsonValue.Create(2147483647),
        _ => JsonValue.Create(9_223_372_036_854_775_807L),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-0.5),
        _ => JsonValue.Create("Lambda"),
        _ => JsonValue.Create(string.Empty),
        _ => JsonValue.Create("../../etc/passwd"),
        _ => null,
        _ => new JsonArray(),
        _ => new JsonObject(),
        _ => new JsonArray(JsonValue.Create(1_000_000), JsonValue.Create(1_000_000), JsonValue.Create(1_000_000)),
        _ => new JsonArray(null, JsonValue.Create(100_000_000)),
        _ => JsonValue.Create(true),
        r => JsonValue.Create(new string('A', r.Next(2) == 0 ? 100_000 : 10_000_000)),
        _ => new JsonObject { ["class_name"] = "Lambda", ["config"] = new JsonObject { ["function"] = "x" } },
        _ => new JsonObject { ["class_name"] = "NoSuchLayer", ["config"] = new JsonObject() },
    ];

    /// <summary>A damaged copy of <paramref name="json"/>.</summary>
    internal static (string Json, string What) Damage(string json, Random rng)
    {
        int kind = rng.Next(10);
        if (kind == 0)
        {
            int depth = rng.Next(2) == 0 ? 200 : 100_000;
            string deep = new string('[', depth) + new string(']', depth);
            return (json.Replace("\"layers\": [", "\"layers\": [" + deep + ", ", StringComparison.Ordinal), $"arrays nested {depth} deep");
        }

        JsonNode root = JsonNode.Parse(json)!;
        var all = new List<JsonNode>();
        Collect(root, all);
        JsonNode target = all[rng.Next(all.Count)];
        string path = target.GetPath();
        if (kind == 1 && target.Parent is JsonObject parentObject)
        {
            parentObject.Remove(target.GetPropertyName());
            return (root.ToJsonString(), $"removed {path}");
        }

        JsonNode? lie = Lies[rng.Next(Lies.Length)](rng);
        string shown = lie?.ToJsonString() is { } s ? (s.Length > 60 ? s[..60] + "..." : s) : "null";
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = lie;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = lie;
                break;
            default:
                return (lie?.ToJsonString() ?? "null", $"document replaced by {shown}");
        }

        return (root.ToJsonString(), $"{path} = {shown}");
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    if (v is not null)
                    {
                        into.Add(v);
                        Collect(v, into);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? v in a)
                {
                    if (v is not null)
                    {
                        into.Add(v);
                        Collect(v, into);
                    }
                }

                break;
        }
    }
}
