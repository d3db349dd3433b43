// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Layers;

/// <summary>Reads Keras's padding/cropping arguments: an int, a pair, or one pair per spatial axis.</summary>
internal static class SpatialArgs
{
    /// <summary>One (before, after) pair per axis from an int (all sides), a flat list (symmetric per axis, or the single axis's pair for 1-D), or nested pairs.</summary>
    internal static (int Before, int After)[] Pairs(object? value, int rank, string argument)
    {
        int[][] nested = value switch
        {
            int i => Enumerable.Repeat(new[] { i, i }, rank).ToArray(),
            double d => Enumerable.Repeat(new[] { (int)d, (int)d }, rank).ToArray(),
            int[] flat when rank == 1 && flat.Length == 2 => [flat],
            int[] flat when flat.Length == rank => flat.Select(v => new[] { v, v }).ToArray(),
            int[][] pairs => pairs,
            JsonValue v when v.TryGetValue(out int j) => Enumerable.Repeat(new[] { j, j }, rank).ToArray(),
            JsonArray a => FromJson(a, rank, argument),
            _ => throw Bad(value, rank, argument),
        };
        if (nested.Length != rank || nested.Any(p => p.Length != 2 || p[0] < 0 || p[1] < 0))
        {
            throw Bad(value, rank, argument);
        }

        return nested.Select(p => (p[0], p[1])).ToArray();
    }

    /// <summary>One positive value per axis from an int, a one-item list (every axis) or a list per axis.</summary>
    internal static int[] PerAxis(object? value, int rank, string argument)
    {
        int[] result = value switch
        {
            int i => Enumerable.Repeat(i, rank).ToArray(),
            double d => Enumerable.Repeat((int)d, rank).ToArray(),
            int[] { Length: 1 } one => Enumerable.Repeat(one[0], rank).ToArray(),
            int[] list => list,
            JsonValue v when v.TryGetValue(out int j) => Enumerable.Repeat(j, rank).ToArray(),
            JsonArray a => a.Select(n => n!.GetValue<int>()).ToArray(),
            _ => [],
        };
        if (result.Length != rank || result.Any(v => v <= 0))
        {
            throw new ArgumentException($"The `{argument}` argument must be an int or a tuple of {rank} positive integers. Received: {Text(value)}");
        }

        return result;
    }

    internal static JsonArray PairsJson((int Before, int After)[] pairs) =>
        new([.. pairs.Select(p => (JsonNode)new JsonArray(p.Before, p.After))]);

    private static int[][] FromJson(JsonArray a, int rank, string argument)
    {
        if (a.All(n => n is JsonValue))
        {
            int[] flat = a.Select(n => n!.GetValue<int>()).ToArray();
            return rank == 1 && flat.Length == 2 ? [flat] : flat.Length == rank ? flat.Select(v => new[] { v, v }).ToArray() : throw Bad(a, rank, argument);
        }

        return a.Select(p => p is JsonArray pair ? pair.Select(n => n!.GetValue<int>()).ToArray() : throw Bad(a, rank, argument)).ToArray();
    }

    private static ArgumentException Bad(object? value, int rank, string argument) =>
        new($"`{argument}` should be an int, a tuple of {rank} ints, or a tuple of {rank} tuples of 2 non-negative ints. Received: {Text(value)}");

    private static string Text(object? value) => value switch
    {
        JsonNode n => n.ToJsonString(),
        int[] a => $"({string.Join(", ", a)})",
        int[][] p => $"({string.Join(", ", p.Select(x => $"({string.Join(", ", x)})"))})",
        null => "None",
        _ => value.ToString() ?? string.Empty,
    };
}
