// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Categorical cross-entropy with integer targets. Keras name <c>sparse_categorical_crossentropy</c>.</summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether predictions are logits.</param>
    /// <param name="ignoreClass">Accepted for Keras configs; only the default is supported.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, int? ignoreClass = null, string reduction = "sum_over_batch_size", string name = "sparse_categorical_crossentropy")
        : base(name, reduction)
    {
        if (ignoreClass != null)
        {
            throw new ArgumentException($"Only ignoreClass=null is supported. Received: ignoreClass={ignoreClass}", nameof(ignoreClass));
        }

        FromLogits = fromLogits;
    }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.SparseCategoricalCrossentropy(yTrue, yPred, FromLogits);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["ignore_class"] = null;
        return config;
    }

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static SparseCategoricalCrossentropy FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SparseCategoricalCrossentropy>(config);
}
