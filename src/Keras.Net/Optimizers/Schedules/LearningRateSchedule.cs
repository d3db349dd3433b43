// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Optimizers.Schedules;

/// <summary>A learning rate as a function of the optimizer's iteration count (Keras's <c>LearningRateSchedule</c>).</summary>
public abstract class LearningRateSchedule : IKerasSerializable
{
    /// <summary>An optional name.</summary>
    public string? Name { get; init; }

    /// <inheritdoc />
    public abstract JsonObject GetConfig();

    /// <summary>The learning rate at <paramref name="step"/> (the number of updates applied so far).</summary>
    /// <param name="step">The step.</param>
    /// <returns>The rate.</returns>
    public abstract double Call(long step);
}
