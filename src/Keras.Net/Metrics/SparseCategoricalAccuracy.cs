// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>How often argmax(y_pred) matches integer targets. Keras name <c>sparse_categorical_accuracy</c>.</summary>
public sealed class SparseCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name.</param>
    public SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy")
        : base(MetricFunctions.SparseCategoricalAccuracy, name)
    {
    }

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static new SparseCategoricalAccuracy FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SparseCategoricalAccuracy>(config);
}
