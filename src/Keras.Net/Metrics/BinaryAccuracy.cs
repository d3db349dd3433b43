// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>How often predictions (above <c>threshold</c>) match binary targets. Keras name <c>binary_accuracy</c>.</summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold.</param>
    /// <param name="name">The name.</param>
    public BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy")
        : base((t, p) => MetricFunctions.BinaryAccuracy(t, p, threshold), name)
    {
        Threshold = threshold;
    }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["threshold"] = Threshold;
        return config;
    }

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static new BinaryAccuracy FromConfig(JsonObject config) => ArgumentResolver.FromConfig<BinaryAccuracy>(config);
}
