// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>How often the one-hot target is among the top k predictions. Keras name <c>top_k_categorical_accuracy</c>.</summary>
public sealed class TopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many top predictions count.</param>
    /// <param name="name">The name.</param>
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy")
        : base((t, p) => MetricFunctions.TopKCategoricalAccuracy(t, p, k), name)
    {
        K = k;
    }

    /// <summary>How many top predictions count.</summary>
    public int K { get; }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["k"] = K;
        return config;
    }

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static new TopKCategoricalAccuracy FromConfig(JsonObject config) => ArgumentResolver.FromConfig<TopKCategoricalAccuracy>(config);
}
