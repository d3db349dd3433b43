// SPDX-License-Identifier: Apache-2.0
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
}
