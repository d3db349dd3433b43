// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Dropout of whole feature maps of an image (Keras's <c>SpatialDropout2D</c>); only in training.</summary>
public sealed class SpatialDropout2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of channels dropped, in [0, 1].</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="seed">A seed for reproducible masks.</param>
    /// <param name="name">The layer name.</param>
    public SpatialDropout2D(double rate, string dataFormat = "channels_last", long? seed = null, string? name = null)
        : base(name)
    {
        if (dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"Invalid data_format: '{dataFormat}'.", nameof(dataFormat));
        }

        Rate = NoiseArgs.Rate(rate);
        DataFormat = dataFormat;
        Seed = seed;
        SupportsMasking = true;
    }

    /// <summary>The drop rate.</summary>
    public double Rate { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

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
        long[] noise = DataFormat == "channels_last" ? [s[0]!.Value, 1, 1, s[3]!.Value] : [s[0]!.Value, s[1]!.Value, 1, 1];
        return Ops.Dropout(inputs, Rate, noise, Seed);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["rate"] = Rate;
        config["data_format"] = DataFormat;
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static SpatialDropout2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SpatialDropout2D>(config);
}
