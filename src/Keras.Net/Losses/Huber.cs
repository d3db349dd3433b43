// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Huber loss. Keras name <c>huber_loss</c>.</summary>
public sealed class Huber : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">The threshold between quadratic and linear.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public Huber(double delta = 1.0, string reduction = "sum_over_batch_size", string name = "huber_loss")
        : base(name, reduction)
    {
        Delta = delta;
    }

    /// <summary>The threshold between quadratic and linear.</summary>
    public double Delta { get; }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.Huber(yTrue, yPred, Delta);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static Huber FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Huber>(config);
}
