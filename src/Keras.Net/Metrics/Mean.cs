// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>The (weighted) mean of the values given to <see cref="UpdateState(Tensor, Tensor?)"/> (Keras's <c>Mean</c>).</summary>
/// <param name="name">The name.</param>
public sealed class Mean(string name = "mean") : Reduce(name)
{
    /// <summary>Accumulates values (every element counts; weights broadcast to the values' shape).</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">Optional weights.</param>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null) => Accumulate(values, sampleWeight);

    /// <summary>Accumulates one scalar with a weight (Keras's loss tracker uses the batch size).</summary>
    /// <param name="value">A scalar tensor.</param>
    /// <param name="weight">Its weight.</param>
    public void UpdateState(Tensor value, double weight) => AccumulateScalar(value, weight);

    /// <summary>Creates the metric from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    public static Mean FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Mean>(config);
}
