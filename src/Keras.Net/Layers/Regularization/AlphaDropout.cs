// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Dropout for SELU networks (Keras's <c>AlphaDropout</c>): in training, dropped units are set to SELU's negative
/// saturation value and the result is scaled and shifted (<c>a * x + b</c>) to keep the mean and variance; the
/// identity in inference.
/// </summary>
public sealed class AlphaDropout : Layer
{
    /// <summary>SELU's negative saturation, <c>-scale * alpha</c>.</summary>
    private const double AlphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;

    private long _calls;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The drop probability, in [0, 1).</param>
    /// <param name="noiseShape">The mask's shape (null entries take the input's size), or null for the input's shape.</param>
    /// <param name="seed">A seed for reproducible masks.</param>
    /// <param name="name">The layer name.</param>
    public AlphaDropout(double rate, Shape? noiseShape = null, long? seed = null, string? name = null)
        : base(name)
    {
        Rate = rate < 1 ? NoiseArgs.Rate(rate) : throw new ArgumentOutOfRangeException(nameof(rate), $"Invalid value received for argument `rate`. Expected a float value between 0 and 1 (exclusive). Received: rate={rate}");
        NoiseShape = noiseShape;
        Seed = seed;
        SupportsMasking = true;
    }

    /// <summary>The drop rate.</summary>
    public double Rate { get; }

    /// <summary>The mask shape, or null.</summary>
    public Shape? NoiseShape { get; }

    /// <summary>The seed, or null.</summary>
    public long? Seed { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0)
        {
            return Ops.Alias(inputs);
        }

        using TensorScope scope = Ops.NewScope();
        Shape actual = Ops.ShapeOf(inputs);
        long[] noise = NoiseShape?.Select((d, i) => d ?? actual[i]!.Value).ToArray() ?? actual.Select(d => d!.Value).ToArray();
        long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
        // Dropout of ones gives kept / (1 - rate); scale back to a 0/1 mask.
        Tensor kept = Ops.Multiply(Ops.Dropout(Ops.Ones(noise, Ops.DTypeOf(inputs), Ops.DeviceOf(inputs)), Rate, null, seed), 1 - Rate);
        double a = Math.Pow((1 - Rate) * (1 + (Rate * AlphaP * AlphaP)), -0.5);
        double b = -a * AlphaP * Rate;
        Tensor x = Ops.Add(Ops.Multiply(inputs, kept), Ops.Multiply(Ops.Add(Ops.Negative(kept), 1.0), AlphaP));
        return scope.Keep(Ops.Add(Ops.Multiply(x, a), b));
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

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static AlphaDropout FromConfig(JsonObject config) => ArgumentResolver.FromConfig<AlphaDropout>(config);
}
