// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Returns its input unchanged (Keras's <c>Identity</c>); useful as a placeholder.</summary>
/// <param name="name">The layer name.</param>
public sealed class Identity(string? name = null) : Layer(name)
{
    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Alias(inputs);

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => mask;

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Identity FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Identity>(config);
}
