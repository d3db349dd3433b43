// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Dropout of whole channels of a sequence <c>(batch, steps, channels)</c> (Keras's <c>SpatialDropout1D</c>); only in training.</summary>
public sealed class SpatialDropout1D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of channels dropped, in [0, 1].</param>
    /// <param name="seed">A seed for reproducible masks.</param>
    /// <param name="name">The layer name.</param>
    public SpatialDropout1D(double rate, long? seed = null, string? name = null)
        : base(name)
    {
        Rate = NoiseArgs.Rate(rate);
        Seed = seed;
        SupportsMasking = true;
    }

    /// <summary>The drop rate.</summary>
    public double Rate { get; }

    /// <summary>The seed, or null.</summary>
    public long? Seed { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0)
        {
            return Ops.Alias(inputs);
        }

        Shape s = Ops.ShapeOf(inputs);
        return Ops.Dropout(inputs, Rate, [s[0]!.Value, 1, s[2]!.Value], Seed);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["rate"] = Rate;
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static SpatialDropout1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SpatialDropout1D>(config);
}
