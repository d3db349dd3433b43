// SPDX-License-Identifier: Apache-2.0
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
}
