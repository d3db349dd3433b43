// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Applies an activation function (Keras's <c>Activation</c> layer).</summary>
public sealed class Activation : Layer
{
    /// <summary>Creates the layer from a Keras activation name.</summary>
    /// <param name="activation">The name (<c>relu</c>, <c>tanh</c>, ...).</param>
    /// <param name="name">The layer name.</param>
    public Activation(string activation, string? name = null)
        : this(Activations.Get(activation), name)
    {
        ActivationName = activation;
    }

    /// <summary>Creates the layer from any function.</summary>
    /// <param name="activation">The function.</param>
    /// <param name="name">The layer name.</param>
    public Activation(Func<Tensor, Tensor> activation, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Function = activation;
        ActivationName = Activations.NameOf(activation);
        SupportsMasking = true;
    }

    /// <summary>The function.</summary>
    public Func<Tensor, Tensor> Function { get; }

    /// <summary>The Keras name of the function, or null for a custom one.</summary>
    public string? ActivationName { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Function(inputs);

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["activation"] = ActivationName ?? KerasSerializer.ActivationName(Function);
        return config;
    }

    /// <summary>Creates the layer from its config; the activation may be a custom function in scope or registered.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Activation FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Activation>(config);
}
