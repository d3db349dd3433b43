// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Leaky ReLU: <c>x</c> for x &gt;= 0, <c>alpha * x</c> otherwise (Keras default alpha 0.3).</summary>
public sealed class LeakyReLU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">The negative slope (tf.keras name).</param>
    /// <param name="negativeSlope">The negative slope (Keras 3 name); overrides <paramref name="alpha"/>.</param>
    /// <param name="name">The layer name.</param>
    public LeakyReLU(double alpha = 0.3, double? negativeSlope = null, string? name = null)
        : base(name)
    {
        double slope = negativeSlope ?? alpha;
        if (slope < 0 || double.IsNaN(slope))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), $"The negative_slope value of a Leaky ReLU layer cannot be None or negative. Received: {slope}");
        }

        Alpha = (float)slope;
        SupportsMasking = true;
    }

    /// <summary>The negative slope (stored as float32, as Keras does).</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Ops.LeakyRelu(inputs, Alpha);

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["alpha"] = Alpha;
        return config;
    }

    /// <summary>Creates the layer from its config (<c>alpha</c> or Keras 3's <c>negative_slope</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static LeakyReLU FromConfig(JsonObject config) => ArgumentResolver.FromConfig<LeakyReLU>(config);
}
