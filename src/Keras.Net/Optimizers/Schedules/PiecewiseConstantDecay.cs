// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>
/// <c>values[0]</c> while <c>step &lt;= boundaries[0]</c>, <c>values[1]</c> while <c>step &lt;= boundaries[1]</c>,
/// ..., and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Increasing step boundaries.</param>
    /// <param name="values">One more value than boundaries.</param>
    /// <param name="name">An optional name.</param>
    public PiecewiseConstantDecay(IReadOnlyList<long> boundaries, IReadOnlyList<double> values, string? name = null)
    {
        Name = name;
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
        {
            throw new ArgumentException(
                $"The length of boundaries should be 1 less than the length of values. Received: boundaries={boundaries.Count} values={values.Count}");
        }

        Boundaries = boundaries.ToArray();
        Values = values.ToArray();
    }

    /// <summary>The step boundaries.</summary>
    public IReadOnlyList<long> Boundaries { get; }

    /// <summary>The values.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <inheritdoc />
    public override double Call(long step)
    {
        for (int i = 0; i < Boundaries.Count; i++)
        {
            if (step <= Boundaries[i])
            {
                return Values[i];
            }
        }

        return Values[^1];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["boundaries"] = new JsonArray(Boundaries.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()), ["values"] = new JsonArray(Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()), ["name"] = Name };
}
