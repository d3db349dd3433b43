// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Poisson loss. Keras name <c>poisson</c>.</summary>
public sealed class Poisson : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public Poisson(string reduction = "sum_over_batch_size", string name = "poisson")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.Poisson(yTrue, yPred);

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static Poisson FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Poisson>(config);
}
