// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

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

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static new MeanSquaredError FromConfig(JsonObject config) => ArgumentResolver.FromConfig<MeanSquaredError>(config);
}
