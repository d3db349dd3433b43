// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Negative cosine similarity. Keras name <c>cosine_similarity</c>.</summary>
public sealed class CosineSimilarity : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="axis">The axis along which similarity is computed.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public CosineSimilarity(int axis = -1, string reduction = "sum_over_batch_size", string name = "cosine_similarity")
        : base(name, reduction)
    {
        Axis = axis;
    }

    /// <summary>The axis along which similarity is computed.</summary>
    public int Axis { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.CosineSimilarity(yTrue, yPred, Axis);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static CosineSimilarity FromConfig(JsonObject config) => ArgumentResolver.FromConfig<CosineSimilarity>(config);
}
