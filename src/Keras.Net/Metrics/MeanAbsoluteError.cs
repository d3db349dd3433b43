// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Metrics;

/// <summary>The mean absolute error. Keras name <c>mean_absolute_error</c>.</summary>
public sealed class MeanAbsoluteError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name.</param>
    public MeanAbsoluteError(string name = "mean_absolute_error")
        : base(Losses.LossFunctions.MeanAbsoluteError, name)
    {
    }
}
