// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Rectified linear unit with Keras's options: <c>f(x) = max_value</c> for x &gt;= max_value,
/// x for threshold &lt;= x &lt; max_value, <c>negative_slope * (x - threshold)</c> otherwise.
/// </summary>
public sealed class ReLU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="maxValue">Optional cap (non-negative).</param>
    /// <param name="negativeSlope">Slope below the threshold (non-negative).</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="name">The layer name.</param>
    public ReLU(double? maxValue = null, double negativeSlope = 0.0, double threshold = 0.0, string? name = null)
        : base(name)
    {
        if (maxValue < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), $"max_value of a ReLU layer cannot be a negative value. Received: {maxValue}");
        }

        if (negativeSlope < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), $"negative_slope of a ReLU layer cannot be a negative value. Received: {negativeSlope}");
        }

        MaxValue = maxValue;
        NegativeSlope = negativeSlope;
        Threshold = threshold;
        SupportsMasking = true;
    }

    /// <summary>The cap, if any.</summary>
    public double? MaxValue { get; }

    /// <summary>The slope below the threshold.</summary>
    public double NegativeSlope { get; }

    /// <summary>The threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Relu(inputs, NegativeSlope, MaxValue, Threshold);

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["max_value"] = MaxValue is double m ? (double)(float)m : null;
        config["negative_slope"] = (double)(float)NegativeSlope;
        config["threshold"] = (double)(float)Threshold;
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ReLU FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ReLU>(config);
}
