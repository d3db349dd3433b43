// SPDX-License-Identifier: Apache-2.0
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Layers;
using Keras.Net.Regularizers;

namespace Keras.Net.Serialization;

/// <summary>
/// The C# meaning of Keras's <c>cls(**config)</c>: picks the public constructor whose parameters match the
/// config's keys (<c>hidden_units</c> -&gt; <c>hiddenUnits</c>) and converts each value to the parameter's type.
/// Layer base keys (<c>name</c>, <c>trainable</c>, <c>dtype</c>, <c>batch_input_shape</c>) without a matching
/// parameter are applied after construction; unknown keys whose value is null are ignored.
/// </summary>
internal static class ConfigBinder
{
    private static readonly HashSet<string> LayerBaseKeys = new(StringComparer.Ordinal) { "name", "trainable", "dtype", "batch_input_shape", "batch_shape", "batch_size", "input_shape" };

    internal static object Construct(Type type, JsonObject config, DeserializationContext ctx, string path)
    {
        var failures = new List<string>();
        var candidates = new List<(ConstructorInfo Ctor, object?[] Args, int Score, List<string> Leftover)>();
        foreach (ConstructorInfo ctor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
        {
            if (TryBind(type, ctor, config, ctx, path, out object?[] args, out int score, out List<string> leftover, out string? why))
            {
                candidates.Add((ctor, args, score, leftover));
            }
            else
            {
                failures.Add(why!);
            }
        }

        if (candidates.Count == 0)
        {
            string reason = failures.Count == 0 ? "it has no public constructor" : failures.OrderBy(f => f.Length).First();
            throw ctx.Error(
                $"Cannot create {type.Name} from its config: {reason}. Give the class a public constructor whose parameter names match the config keys (e.g. hidden_units -> hiddenUnits), or a public static FromConfig(JsonObject) method.",
                path);
        }

        var best = candidates.OrderByDescending(c => c.Score).First();
        object instance;
        try
        {
            instance = best.Ctor.Invoke(best.Args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw ctx.Error($"{type.Name} rejected its config: {e.InnerException.Message}", path, e.InnerException);
        }

        if (instance is Layer layer)
        {
            ApplyLayerBaseKeys(layer, config, best.Leftover, ctx, path);
        }

        return instance;
    }

    /// <summary>Keras snake_case key to C# camelCase parameter name: <c>beta_1</c> -&gt; <c>beta1</c>.</summary>
    internal static string ToCamel(string key)
    {
        var sb = new StringBuilder(key.Length);
        bool upper = false;
        foreach (char c in key)
        {
            if (c == '_')
            {
                upper = sb.Length > 0;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return sb.ToString();
    }

    internal static void ApplyLayerBaseKeys(Layer layer, JsonObject config, IEnumerable<string> keys, DeserializationContext ctx, string path)
    {
        foreach (string key in keys)
        {
            JsonNode? value = config[key];
            switch (key)
            {
                case "trainable":
                    layer.Trainable = value?.GetValue<bool>() ?? true;
                    break;
                case "dtype":
                    string? dtype = DTypeName(value);
                    if (dtype is not null && dtype != layer.DType.Name)
                    {
                        layer.SetDType(DType.Parse(dtype));
                    }

                    break;
                case "batch_input_shape" or "batch_shape":
                    if (value is not null)
                    {
                        layer.BatchInputShape = (Shape)Convert(value, typeof(Shape), null, ctx, $"{path}.{key}")!;
                    }

                    break;
            }
        }
    }

    /// <summary>A dtype given as a string or as a Keras 3 DTypePolicy object.</summary>
    internal static string? DTypeName(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonObject o => o["config"]?["name"]?.GetValue<string>() is string n ? PolicyToDType(n) : null,
        _ => null,
    };

    /// <summary>
    /// A mixed policy keeps float32 variables (what the file stores) and computes in 16 bits in Keras; here it
    /// computes in float32 too, which is at least as precise.
    /// </summary>
    private static string PolicyToDType(string policy) => policy switch
    {
        "mixed_float16" or "mixed_bfloat16" => "float32",
        _ => policy,
    };

    private static bool TryBind(Type type, ConstructorInfo ctor, JsonObject config, DeserializationContext ctx, string path, out object?[] args, out int score, out List<string> leftover, out string? why)
    {
        ParameterInfo[] ps = ctor.GetParameters();
        args = new object?[ps.Length];
        var filled = new bool[ps.Length];
        score = 0;
        leftover = [];
        why = null;
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ps.Length; i++)
        {
            byName[ps[i].Name!] = i;
        }

        foreach (var (key, value) in config)
        {
            if (byName.TryGetValue(ToCamel(key), out int i))
            {
                try
                {
                    object? converted = key == "dtype" && ps[i].ParameterType == typeof(string) ? DTypeName(value) : Convert(value, ps[i].ParameterType, key, ctx, $"{path}.{key}");
                    args[i] = converted;
                    filled[i] = true;
                    score += NaturalMatch(value, ps[i].ParameterType) ? 2 : 1;
                }
                catch (KerasFormatException e) when (e.Message.Contains("cannot be read as", StringComparison.Ordinal))
                {
                    why = $"key '{key}': {e.Message}";
                    return false;
                }
            }
            else if (typeof(Layer).IsAssignableFrom(type) && LayerBaseKeys.Contains(key))
            {
                leftover.Add(key);
            }
            else if (key == "dtype" && DTypeName(value) is null or "float32")
            {
                continue;
            }
            else if (value is null)
            {
                continue;
            }
            else
            {
                why = $"the constructor {Signature(ctor)} has no parameter for key '{key}' ({ToCamel(key)})";
                return false;
            }
        }

        for (int i = 0; i < ps.Length; i++)
        {
            if (filled[i])
            {
                continue;
            }

            if (!ps[i].HasDefaultValue)
            {
                why = $"the config has no key for the required parameter '{ps[i].Name}' of {Signature(ctor)}";
                return false;
            }

            args[i] = ps[i].DefaultValue is DBNull ? null : ps[i].DefaultValue;
        }

        return true;
    }

    private static string Signature(ConstructorInfo ctor) =>
        $"{ctor.DeclaringType!.Name}({string.Join(", ", ctor.GetParameters().Select(p => p.Name))})";

    private static bool NaturalMatch(JsonNode? value, Type t)
    {
        Type u = Nullable.GetUnderlyingType(t) ?? t;
        return value switch
        {
            null => !u.IsValueType || Nullable.GetUnderlyingType(t) is not null || u == typeof(IntTuple),
            JsonValue v when v.TryGetValue(out string? _) => u == typeof(string),
            JsonValue when u == typeof(IntTuple) => true,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => u == typeof(bool),
            JsonValue => u.IsPrimitive,
            JsonArray => u.IsArray || u == typeof(Shape) || u.IsGenericType || u == typeof(IntTuple),
            JsonObject => !u.IsPrimitive && u != typeof(string),
            _ => false,
        };
    }

    /// <summary>Converts a JSON value to a parameter type.</summary>
    internal static object? Convert(JsonNode? value, Type t, string? key, DeserializationContext ctx, string path)
    {
        Type? under = Nullable.GetUnderlyingType(t);
        if (value is null && t == typeof(IntTuple))
        {
            return default(IntTuple);
        }

        if (value is null)
        {
            if (t.IsValueType && under is null)
            {
                throw ctx.Error($"null cannot be read as {t.Name}.", path);
            }

            return t == typeof(Func<Tensor, Tensor>) ? (Func<Tensor, Tensor>)Keras.Net.Activations.Linear : null;
        }

        Type u = under ?? t;
        try
        {
            if (u == typeof(string))
            {
                return value is JsonValue sv && sv.TryGetValue(out string? s) ? s : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(bool))
            {
                return value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(double) || u == typeof(float))
            {
                double d = Number(value, ctx, path);
                return u == typeof(float) ? (float)d : d;
            }

            if (u == typeof(int) || u == typeof(long))
            {
                double d = Number(value, ctx, path);
                if (d != Math.Floor(d))
                {
                    throw Bad(value, u, ctx, path);
                }

                if (u == typeof(int))
                {
                    return checked((int)d);
                }

                return checked((long)d);
            }

            if (u == typeof(Shape))
            {
                return value is JsonArray arr
                    ? new Shape(arr.Select((n, i) => n is null ? (long?)null : (long)Number(n, ctx, $"{path}[{i}]")))
                    : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(long[]) || u == typeof(IReadOnlyList<long>))
            {
                return value is JsonArray arr ? arr.Select((n, i) => (long)Number(n!, ctx, $"{path}[{i}]")).ToArray() : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(IntTuple))
            {
                // Keras writes tuples, older configs and users a bare integer.
                return value is JsonArray tuple
                    ? new IntTuple(tuple.Select((n, i) => (int)Number(n!, ctx, $"{path}[{i}]")).ToArray())
                    : value is JsonValue one ? IntTuple.FromInt32((int)Number(one, ctx, path)) : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(int[]) || u == typeof(IReadOnlyList<int>))
            {
                return value is JsonArray arr ? arr.Select((n, i) => (int)Number(n!, ctx, $"{path}[{i}]")).ToArray() : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(double[]) || u == typeof(IReadOnlyList<double>))
            {
                return value is JsonArray arr ? arr.Select((n, i) => Number(n!, ctx, $"{path}[{i}]")).ToArray() : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(JsonNode) || u == typeof(JsonObject) || u == typeof(JsonArray))
            {
                JsonNode clone = value.DeepClone();
                return u.IsInstanceOfType(clone) ? clone : throw Bad(value, u, ctx, path);
            }

            if (u == typeof(object))
            {
                return ConvertLoose(value, key, ctx, path);
            }

            return KerasSerializer.Deserialize(value, u, ctx, path);
        }
        catch (InvalidOperationException e)
        {
            throw ctx.Error($"{value.ToJsonString()} cannot be read as {u.Name}: {e.Message}", path, e);
        }
        catch (FormatException e)
        {
            throw ctx.Error($"{value.ToJsonString()} cannot be read as {u.Name}: {e.Message}", path, e);
        }
        catch (OverflowException e)
        {
            throw ctx.Error($"{value.ToJsonString()} cannot be read as {u.Name}: {e.Message}", path, e);
        }
    }

    private static object? ConvertLoose(JsonNode value, string? key, DeserializationContext ctx, string path)
    {
        switch (value)
        {
            case JsonValue v when v.TryGetValue(out string? s):
                return s;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValue<bool>();
            case JsonValue:
                return Number(value, ctx, path);
            case JsonObject:
                Type target = key switch
                {
                    not null when key.EndsWith("initializer", StringComparison.Ordinal) => typeof(Initializer),
                    not null when key.EndsWith("regularizer", StringComparison.Ordinal) => typeof(Regularizer),
                    not null when key.EndsWith("constraint", StringComparison.Ordinal) => typeof(Constraint),
                    not null when key.EndsWith("activation", StringComparison.Ordinal) => typeof(Layer),
                    _ => typeof(object),
                };
                return KerasSerializer.Deserialize(value, target, ctx, path);
            default:
                return value.DeepClone();
        }
    }

    private static double Number(JsonNode value, DeserializationContext ctx, string path)
    {
        // Keras 3 writes tensor and NumPy scalars as {"class_name": "__tensor__" | "__numpy__", "config": {"value": v}}.
        if (value is JsonObject { } o && o["class_name"]?.GetValueKind() == JsonValueKind.String
            && o["class_name"]!.GetValue<string>() is "__tensor__" or "__numpy__" && o["config"]?["value"] is JsonNode inner)
        {
            return Number(inner is JsonArray { Count: 1 } one && one[0] is JsonNode first ? first : inner, ctx, path);
        }

        if (value is JsonValue v)
        {
            if (v.TryGetValue(out string? s))
            {
                return s switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => throw Bad(value, typeof(double), ctx, path),
                };
            }

            if (v.GetValueKind() == JsonValueKind.Number)
            {
                return v.TryGetValue(out JsonElement e)
                    ? e.GetDouble()
                    : System.Convert.ToDouble(v.GetValue<object>(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw Bad(value, typeof(double), ctx, path);
    }

    private static KerasFormatException Bad(JsonNode value, Type t, DeserializationContext ctx, string path) =>
        ctx.Error($"{value.ToJsonString()} cannot be read as {t.Name}.", path);
}
