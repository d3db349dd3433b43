// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Hinge loss (0/1 targets become -1/1). Keras name <c>hinge</c>.</summary>
public sealed class Hinge : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public Hinge(string reduction = "sum_over_batch_size", string name = "hinge")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.Hinge(yTrue, yPred);

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static Hinge FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Hinge>(config);
}
