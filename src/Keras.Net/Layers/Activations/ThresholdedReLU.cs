// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Thresholded ReLU: <c>x</c> where x &gt; theta, 0 elsewhere (Keras default theta 1).</summary>
public sealed class ThresholdedReLU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="theta">The threshold (non-negative).</param>
    /// <param name="name">The layer name.</param>
    public ThresholdedReLU(double theta = 1.0, string? name = null)
        : base(name)
    {
        if (theta < 0 || double.IsNaN(theta))
        {
            throw new ArgumentOutOfRangeException(nameof(theta), $"Theta of a Thresholded ReLU layer cannot be None or negative. Received: {theta}");
        }

        Theta = (float)theta;
        SupportsMasking = true;
    }

    /// <summary>The threshold (stored as float32, as Keras does).</summary>
    public double Theta { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using Tensor keep = Ops.Greater(inputs, Theta);
        using Tensor zeros = Ops.Multiply(inputs, 0.0);
        return Ops.Where(keep, inputs, zeros);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["theta"] = Theta;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ThresholdedReLU FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ThresholdedReLU>(config);
}
