// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>How often argmax(y_pred) matches argmax of one-hot targets. Keras name <c>categorical_accuracy</c>.</summary>
public sealed class CategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name.</param>
    public CategoricalAccuracy(string name = "categorical_accuracy")
        : base(MetricFunctions.CategoricalAccuracy, name)
    {
    }

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static new CategoricalAccuracy FromConfig(JsonObject config) => ArgumentResolver.FromConfig<CategoricalAccuracy>(config);
}
