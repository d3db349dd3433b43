// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Softmax along an axis; masked positions (mask false) get a large negative logit first, as in Keras.</summary>
public sealed class Softmax : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis (default the last).</param>
    /// <param name="name">The layer name.</param>
    public Softmax(int axis = -1, string? name = null)
        : base(name)
    {
        Axis = axis;
        SupportsMasking = true;
    }

    /// <summary>The axis.</summary>
    public int Axis { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, Tensor? mask, bool training)
    {
        if (mask is null)
        {
            return Ops.Softmax(inputs, Axis);
        }

        using TensorScope scope = Ops.NewScope();
        Tensor m = Ops.Cast(mask, Ops.DTypeOf(inputs));
        Tensor adder = Ops.Multiply(Ops.Add(Ops.Negative(m), 1.0), -1e9);
        return scope.Keep(Ops.Softmax(Ops.Add(inputs, adder), Axis));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Softmax FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Softmax>(config);
}
