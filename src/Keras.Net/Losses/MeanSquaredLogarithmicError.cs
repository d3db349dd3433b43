// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>Mean squared logarithmic error. Keras name <c>mean_squared_logarithmic_error</c>.</summary>
public sealed class MeanSquaredLogarithmicError : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="name">The name.</param>
    public MeanSquaredLogarithmicError(string reduction = "sum_over_batch_size", string name = "mean_squared_logarithmic_error")
        : base(name, reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor Call(Tensor yTrue, Tensor yPred) => LossFunctions.MeanSquaredLogarithmicError(yTrue, yPred);

    /// <summary>Creates the loss from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The loss.</returns>
    public static MeanSquaredLogarithmicError FromConfig(JsonObject config) => ArgumentResolver.FromConfig<MeanSquaredLogarithmicError>(config);
}
