// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Metrics;

/// <summary>The mean squared error. Keras name <c>mean_squared_error</c>.</summary>
public sealed class MeanSquaredError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name.</param>
    public MeanSquaredError(string name = "mean_squared_error")
        : base(Losses.LossFunctions.MeanSquaredError, name)
    {
    }
}
