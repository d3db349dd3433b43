// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Squared hinge loss. Keras name <c>squared_hinge</c>.</summary>
public sealed class SquaredHinge : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public SquaredHinge(string reduction = "sum_over_batch_size", string name = "squared_hinge")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.SquaredHinge(yTrue, yPred);

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static SquaredHinge FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SquaredHinge>(config);
}
