// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.RegularExpressions;

namespace Keras.Net.Backend;

/// <summary>Keras's default names: <c>to_snake_case</c> of the class name, made unique per session.</summary>
internal static partial class NameRegistry
{
    private static readonly Dictionary<string, int> GlobalCounters = new(StringComparer.Ordinal);
    private static readonly AsyncLocal<Dictionary<string, int>?> FlowCounters = new();

    /// <summary>Starts fresh counters for the current async flow.</summary>
    internal static void Reset() => FlowCounters.Value = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Returns <paramref name="baseName"/>, then <c>baseName_1</c>, <c>baseName_2</c>, ...</summary>
    internal static string Unique(string baseName)
    {
        Dictionary<string, int> counters = FlowCounters.Value ?? GlobalCounters;
        lock (counters)
        {
            counters.TryGetValue(baseName, out int n);
            counters[baseName] = n + 1;
            return n == 0 ? baseName : $"{baseName}_{n}";
        }
    }

    /// <summary>tf.keras's <c>get_uid</c>-style names that start at 1: <c>input_1</c>, <c>input_2</c>, ...</summary>
    internal static string NextUid(string prefix)
    {
        Dictionary<string, int> counters = FlowCounters.Value ?? GlobalCounters;
        string key = "\0uid:" + prefix;
        lock (counters)
        {
            counters.TryGetValue(key, out int n);
            counters[key] = n + 1;
            return $"{prefix}_{n + 1}";
        }
    }

    /// <summary>Keras's <c>to_snake_case</c>: <c>ReLU</c> -> <c>re_lu</c>, <c>Conv2D</c> -> <c>conv2d</c>.</summary>
    internal static string ToSnakeCase(string name)
    {
        string intermediate = FirstCap().Replace(name, "$1_$2");
        string insecure = AllCap().Replace(intermediate, "$1_$2").ToLowerInvariant();
        if (insecure.Length > 0 && insecure[0] != '_')
        {
            return insecure;
        }

        var sb = new StringBuilder("private");
        sb.Append(insecure);
        return sb.ToString();
    }

    [GeneratedRegex("(.)([A-Z][a-z0-9]+)")]
    private static partial Regex FirstCap();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex AllCap();
}
