// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Randomly sets input units to 0 with frequency <see cref="Rate"/> during training and scales the others by
/// <c>1 / (1 - rate)</c>; does nothing at inference.
/// </summary>
public sealed class Dropout : Layer
{
    private long _calls;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of units to drop, in [0, 1].</param>
    /// <param name="noiseShape">Optional shape of the binary mask, broadcast over the input (null entries take the input's size).</param>
    /// <param name="seed">An optional seed.</param>
    /// <param name="name">The layer name.</param>
    public Dropout(double rate, Shape? noiseShape = null, long? seed = null, string? name = null)
        : base(name)
    {
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate={rate}");
        }

        Rate = rate;
        NoiseShape = noiseShape;
        Seed = seed;
        SupportsMasking = true;
    }

    /// <summary>The drop fraction.</summary>
    public double Rate { get; }

    /// <summary>The mask shape, if not the input's.</summary>
    public Shape? NoiseShape { get; }

    /// <summary>The seed, if any.</summary>
    public long? Seed { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0)
        {
            return Ops.Alias(inputs);
        }

        Shape actual = Ops.ShapeOf(inputs);
        long[]? noise = NoiseShape?.Select((d, i) => d ?? actual[i]!.Value).ToArray();
        long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
        return Ops.Dropout(inputs, Rate, noise, seed);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["rate"] = Rate;
        config["noise_shape"] = NoiseShape is null ? null : ShapeJson(NoiseShape);
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Dropout FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Dropout>(config);
}
