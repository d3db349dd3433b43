// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Optimizers.Schedules;

/// <summary>A learning rate as a function of the optimizer's iteration count (Keras's <c>LearningRateSchedule</c>).</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="step"/> (the number of updates applied so far).</summary>
    /// <param name="step">The step.</param>
    /// <returns>The rate.</returns>
    public abstract double Call(long step);
}
