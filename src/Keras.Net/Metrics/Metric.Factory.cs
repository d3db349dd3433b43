// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Metrics;

/// <summary>Metrics by name.</summary>
public abstract partial class Metric
{
    /// <summary>
    /// Resolves a metric identifier as Keras's <c>compile</c> does. <c>accuracy</c>/<c>acc</c> become binary,
    /// sparse categorical or categorical accuracy depending on the loss and the target/prediction shapes
    /// (the metric keeps the name given).
    /// </summary>
    /// <param name="identifier">The identifier.</param>
    /// <param name="targetShape">The shape of the targets.</param>
    /// <param name="predictionShape">The shape of the predictions.</param>
    /// <param name="isBinaryLoss">Whether the output's loss is binary cross-entropy.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentException">The identifier is unknown.</exception>
    public static Metric Get(string identifier, Shape? targetShape = null, Shape? predictionShape = null, bool isBinaryLoss = false)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        switch (identifier)
        {
            case "accuracy" or "acc":
                {
                    long? last = predictionShape?.Count > 0 ? predictionShape[^1] : null;
                    bool sparse = targetShape is not null && predictionShape is not null
                        && (targetShape.Rank < predictionShape.Rank || (targetShape[^1] == 1 && last != 1));
                    if (last == 1 || isBinaryLoss)
                    {
                        return new BinaryAccuracy(name: identifier);
                    }

                    return sparse ? new SparseCategoricalAccuracy(name: identifier) : new CategoricalAccuracy(name: identifier);
                }

            case "binary_accuracy":
                return new BinaryAccuracy();
            case "categorical_accuracy":
                return new CategoricalAccuracy();
            case "sparse_categorical_accuracy":
                return new SparseCategoricalAccuracy();
            case "top_k_categorical_accuracy":
                return new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy":
                return new SparseTopKCategoricalAccuracy();
            case "mae" or "MAE" or "mean_absolute_error":
                return new MeanAbsoluteError(name: identifier);
            case "mse" or "MSE" or "mean_squared_error":
                return new MeanSquaredError(name: identifier);
            case "rmse":
                return new RootMeanSquaredError();
            default:
                // Keras's metrics.get: any other registered name (a class name or its snake_case form) with the class's defaults.
                if (Serialization.KerasRegistry.Resolve(identifier, "metric") is Type type && typeof(Metric).IsAssignableFrom(type) && type != typeof(MeanMetricWrapper))
                {
                    return (Metric)Serialization.KerasSerializer.Instantiate(type, new System.Text.Json.Nodes.JsonObject(), new Serialization.DeserializationContext(null), "$");
                }

                throw new ArgumentException($"Unknown metric function: '{identifier}'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope.", nameof(identifier));
        }
    }
}
