// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

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

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static new MeanAbsoluteError FromConfig(JsonObject config) => ArgumentResolver.FromConfig<MeanAbsoluteError>(config);
}
