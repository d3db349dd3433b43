// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Categorical hinge loss. Keras name <c>categorical_hinge</c>.</summary>
public sealed class CategoricalHinge : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public CategoricalHinge(string reduction = "sum_over_batch_size", string name = "categorical_hinge")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.CategoricalHinge(yTrue, yPred);

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static CategoricalHinge FromConfig(JsonObject config) => ArgumentResolver.FromConfig<CategoricalHinge>(config);
}
