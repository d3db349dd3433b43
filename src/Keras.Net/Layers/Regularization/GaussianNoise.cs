// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Adds zero-centred Gaussian noise in training (Keras's <c>GaussianNoise</c>); the identity in inference.</summary>
public sealed class GaussianNoise : Layer
{
    private long _calls;

    /// <summary>Creates the layer.</summary>
    /// <param name="stddev">The noise's standard deviation (non-negative).</param>
    /// <param name="seed">A seed for reproducible noise.</param>
    /// <param name="name">The layer name.</param>
    public GaussianNoise(double stddev, long? seed = null, string? name = null)
        : base(name)
    {
        if (stddev < 0 || double.IsNaN(stddev))
        {
            throw new ArgumentOutOfRangeException(nameof(stddev), $"Invalid value received for argument `stddev`. Expected a float value >= 0. Received: stddev={stddev}");
        }

        Stddev = stddev;
        Seed = seed;
        SupportsMasking = true;
    }

    /// <summary>The standard deviation.</summary>
    public double Stddev { get; }

    /// <summary>The seed, or null.</summary>
    public long? Seed { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Stddev == 0)
        {
            return Ops.Alias(inputs);
        }

        using TensorScope scope = Ops.NewScope();
        long? seed = Seed is long s ? s + Interlocked.Increment(ref _calls) : null;
        Tensor noise = Ops.RandomNormal(Ops.ShapeOf(inputs).Select(d => d!.Value).ToArray(), 0, Stddev, seed, Ops.DTypeOf(inputs), Ops.DeviceOf(inputs));
        return scope.Keep(Ops.Add(inputs, noise));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["stddev"] = Stddev;
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static GaussianNoise FromConfig(JsonObject config) => ArgumentResolver.FromConfig<GaussianNoise>(config);
}
