// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Logarithm of the hyperbolic cosine of the error. Keras name <c>log_cosh</c>.</summary>
public sealed class LogCosh : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public LogCosh(string reduction = "sum_over_batch_size", string name = "log_cosh")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.LogCosh(yTrue, yPred);

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static LogCosh FromConfig(JsonObject config) => ArgumentResolver.FromConfig<LogCosh>(config);
}
