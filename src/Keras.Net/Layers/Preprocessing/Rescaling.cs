// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Computes <c>x * scale + offset</c> (Keras's <c>Rescaling</c>, e.g. <c>scale = 1 / 255</c> for pixels).</summary>
public sealed class Rescaling : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="scale">The factor.</param>
    /// <param name="offset">Added after scaling.</param>
    /// <param name="name">The layer name.</param>
    public Rescaling(double scale, double offset = 0.0, string? name = null)
        : base(name)
    {
        Scale = scale;
        Offset = offset;
        SupportsMasking = true;
    }

    /// <summary>The factor.</summary>
    public double Scale { get; }

    /// <summary>The offset.</summary>
    public double Offset { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor x = Ops.DTypeOf(inputs).IsFloating ? inputs : Ops.Cast(inputs, DType);
        return scope.Keep(Ops.Add(Ops.Multiply(x, Scale), Offset));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["scale"] = Scale;
        config["offset"] = Offset;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Rescaling FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Rescaling>(config);
}
