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

    /// <summary>Keras's check on a schedule argument that must be positive (<c>decay_steps</c>, ...): the value, or the error Keras raises.</summary>
    private protected static T Positive<T>(T value, string kerasName, string paramName)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentOutOfRangeException(paramName, $"Argument `{kerasName}` must be > 0. Received: {kerasName}={value}");
}
