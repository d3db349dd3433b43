// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>
/// Keras's <c>VarianceScaling</c>: samples with variance <c>scale / n</c>, where n is fan_in, fan_out or their
/// average, from a truncated normal (stddev corrected by 0.87962566103423978), a normal, or a uniform
/// distribution (limit <c>sqrt(3 * scale / n)</c>).
/// </summary>
public class VarianceScaling : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="scale">The scaling factor (positive).</param>
    /// <param name="mode"><c>fan_in</c>, <c>fan_out</c> or <c>fan_avg</c>.</param>
    /// <param name="distribution"><c>truncated_normal</c>, <c>untruncated_normal</c> or <c>uniform</c>.</param>
    /// <param name="seed">An optional seed.</param>
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", long? seed = null)
    {
        if (scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"Argument `scale` must be positive float. Received: scale={scale}");
        }

        if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
        {
            throw new ArgumentException($"Invalid `mode` argument: {mode}", nameof(mode));
        }

        distribution = distribution.ToLowerInvariant();
        if (distribution == "normal")
        {
            distribution = "truncated_normal";
        }

        if (distribution is not ("truncated_normal" or "untruncated_normal" or "uniform"))
        {
            throw new ArgumentException($"Invalid `distribution` argument: {distribution}", nameof(distribution));
        }

        Scale = scale;
        Mode = mode;
        Distribution = distribution;
        Seed = seed;
    }

    /// <summary>The scaling factor.</summary>
    public double Scale { get; }

    /// <summary>The fan mode.</summary>
    public string Mode { get; }

    /// <summary>The distribution.</summary>
    public string Distribution { get; }

    /// <summary>The seed, if any.</summary>
    public long? Seed { get; }

    /// <inheritdoc />
    public override Tensor Call(long[] shape, DType? dtype = null)
    {
        var (fanIn, fanOut) = ComputeFans(shape);
        double n = Mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        double s = Scale / Math.Max(1.0, n);
        return Distribution switch
        {
            "truncated_normal" => Ops.TruncatedNormal(shape, 0, Math.Sqrt(s) / 0.87962566103423978, Seed, dtype),
            "untruncated_normal" => Ops.RandomNormal(shape, 0, Math.Sqrt(s), Seed, dtype),
            _ => Ops.RandomUniform(shape, -Math.Sqrt(3.0 * s), Math.Sqrt(3.0 * s), Seed, dtype),
        };
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["scale"] = Scale, ["mode"] = Mode, ["distribution"] = Distribution, ["seed"] = Seed };
}
