// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Multiplies by Gaussian noise of mean 1 and standard deviation <c>sqrt(rate / (1 - rate))</c> in training
/// (Keras's <c>GaussianDropout</c>); the identity in inference.
/// </summary>
public sealed class GaussianDropout : Layer
{
    private long _calls;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The equivalent drop probability, in [0, 1).</param>
    /// <param name="seed">A seed for reproducible noise.</param>
    /// <param name="name">The layer name.</param>
    public GaussianDropout(double rate, long? seed = null, string? name = null)
        : base(name)
    {
        Rate = rate < 1 ? NoiseArgs.Rate(rate) : throw new ArgumentOutOfRangeException(nameof(rate), $"Invalid value received for argument `rate`. Expected a float value between 0 and 1 (exclusive). Received: rate={rate}");
        Seed = seed;
        SupportsMasking = true;
    }

    /// <summary>The rate.</summary>
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

        using TensorScope scope = Ops.NewScope();
        long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
        Tensor noise = Ops.RandomNormal(Ops.ShapeOf(inputs).Select(d => d!.Value).ToArray(), 1, Math.Sqrt(Rate / (1 - Rate)), seed, Ops.DTypeOf(inputs), Ops.DeviceOf(inputs));
        return scope.Keep(Ops.Multiply(inputs, noise));
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
    public static GaussianDropout FromConfig(JsonObject config) => ArgumentResolver.FromConfig<GaussianDropout>(config);
}
