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

            case "binary_accuracy" or "BinaryAccuracy":
                return new BinaryAccuracy();
            case "categorical_accuracy" or "CategoricalAccuracy":
                return new CategoricalAccuracy();
            case "sparse_categorical_accuracy" or "SparseCategoricalAccuracy":
                return new SparseCategoricalAccuracy();
            case "top_k_categorical_accuracy" or "TopKCategoricalAccuracy":
                return new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy" or "SparseTopKCategoricalAccuracy":
                return new SparseTopKCategoricalAccuracy();
            case "mae" or "MAE" or "mean_absolute_error":
                return new MeanAbsoluteError(name: identifier);
            case "MeanAbsoluteError":
                return new MeanAbsoluteError();
            case "mse" or "MSE" or "mean_squared_error":
                return new MeanSquaredError(name: identifier);
            case "MeanSquaredError":
                return new MeanSquaredError();
            case "rmse" or "root_mean_squared_error" or "RootMeanSquaredError":
                return new RootMeanSquaredError();
            case "mean" or "Mean":
                return new Mean();
            case "auc" or "AUC":
                return new AUC();
            case "precision" or "Precision":
                return new Precision();
            case "recall" or "Recall":
                return new Recall();
            default:
                throw new ArgumentException($"Unknown metric function: '{identifier}'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope.", nameof(identifier));
        }
    }
}
