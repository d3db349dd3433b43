// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Categorical cross-entropy with one-hot targets. Keras name <c>categorical_crossentropy</c>.</summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether predictions are logits.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">Accepted for Keras configs; only the default is supported.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1, string reduction = "sum_over_batch_size", string name = "categorical_crossentropy")
        : base(name, reduction)
    {
        if (axis != -1)
        {
            throw new ArgumentException($"Only axis=-1 is supported. Received: axis={axis}", nameof(axis));
        }

        if (labelSmoothing is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"`label_smoothing` must be in [0, 1]. Received: label_smoothing={labelSmoothing}");
        }

        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Label smoothing in [0, 1].</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.CategoricalCrossentropy(yTrue, yPred, FromLogits, LabelSmoothing);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = -1;
        return config;
    }

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static CategoricalCrossentropy FromConfig(JsonObject config) => ArgumentResolver.FromConfig<CategoricalCrossentropy>(config);
}
