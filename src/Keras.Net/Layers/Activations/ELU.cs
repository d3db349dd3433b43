// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Exponential linear unit: <c>x</c> for x &gt; 0, <c>alpha * (exp(x) - 1)</c> otherwise.</summary>
public sealed class ELU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">The negative-side scale (Keras default 1).</param>
    /// <param name="name">The layer name.</param>
    public ELU(double alpha = 1.0, string? name = null)
        : base(name)
    {
        Alpha = (float)alpha;
        SupportsMasking = true;
    }

    /// <summary>The negative-side scale (stored as float32, as Keras does).</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Elu(inputs, Alpha);

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["alpha"] = Alpha;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ELU FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ELU>(config);
}
