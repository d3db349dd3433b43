// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>sqrt of the weighted mean of squared errors over everything seen (Keras name <c>root_mean_squared_error</c>).</summary>
/// <param name="name">The name.</param>
public sealed class RootMeanSquaredError(string name = "root_mean_squared_error") : Reduce(name)
{
    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using TensorScope scope = Ops.NewScope();
        Tensor t = Ops.Cast(yTrue, Ops.DTypeOf(yPred));
        Accumulate(Ops.Square(Ops.Subtract(yPred, t)), sampleWeight);
    }

    /// <inheritdoc />
    public override Tensor Result()
    {
        using Tensor mean = base.Result();
        return Ops.Sqrt(mean);
    }

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static RootMeanSquaredError FromConfig(JsonObject config) => ArgumentResolver.FromConfig<RootMeanSquaredError>(config);
}
