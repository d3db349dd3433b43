// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Random tensors. A <c>seed</c> makes the draw reproducible on its own; without one, the
/// global generator (seeded by <see cref="KerasBackend.SetRandomSeed"/>) is used.</summary>
public static partial class Ops
{
    /// <summary>Samples from a normal distribution.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="mean">The mean.</param>
    /// <param name="stddev">The standard deviation.</param>
    /// <param name="seed">An optional seed.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor RandomNormal(long[] shape, double mean = 0, double stddev = 1, long? seed = null, DType? dtype = null, Device? device = null)
    {
        using var gen = Generator(seed);
        Tensor t = torch.randn(shape, Scalar(dtype), torch.CPU, generator: gen);
        return Finish(t.mul_(stddev).add_(mean), device);
    }

    /// <summary>Samples from a uniform distribution on [minval, maxval).</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="minval">The lower bound.</param>
    /// <param name="maxval">The upper bound.</param>
    /// <param name="seed">An optional seed.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor RandomUniform(long[] shape, double minval = 0, double maxval = 1, long? seed = null, DType? dtype = null, Device? device = null)
    {
        using var gen = Generator(seed);
        Tensor t = torch.rand(shape, Scalar(dtype), torch.CPU, generator: gen);
        return Finish(t.mul_(maxval - minval).add_(minval), device);
    }

    /// <summary>
    /// Samples from a normal distribution truncated to two standard deviations around the mean, as Keras's
    /// <c>truncated_normal</c> (values outside are redrawn).
    /// </summary>
    /// <param name="shape">The shape.</param>
    /// <param name="mean">The mean.</param>
    /// <param name="stddev">The standard deviation before truncation.</param>
    /// <param name="seed">An optional seed.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor TruncatedNormal(long[] shape, double mean = 0, double stddev = 1, long? seed = null, DType? dtype = null, Device? device = null)
    {
        using var gen = Generator(seed);
        Tensor t = torch.randn(shape, Scalar(dtype), torch.CPU, generator: gen);
        using (torch.no_grad())
        {
            // Redraw every value outside [-2, 2] until none is left (the distribution Keras samples).
            for (int round = 0; round < 1000; round++)
            {
                using Tensor abs = t.abs();
                using Tensor outside = abs.gt(2.0);
                using Tensor any = outside.any();
                if (!any.item<bool>())
                {
                    break;
                }

                using Tensor fresh = torch.randn(shape, Scalar(dtype), torch.CPU, generator: gen);
                using Tensor redrawn = fresh.masked_select(outside);
                t.masked_scatter_(outside, redrawn);
            }
        }

        return Finish(t.mul_(stddev).add_(mean), device);
    }

    /// <summary>A random orthogonal matrix (rows x columns), as Keras's <c>Orthogonal</c> initializer draws it.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="gain">The multiplicative factor.</param>
    /// <param name="seed">An optional seed.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The matrix.</returns>
    public static Tensor RandomOrthogonal(long rows, long columns, double gain = 1, long? seed = null, DType? dtype = null, Device? device = null)
    {
        using var scope = torch.NewDisposeScope();
        using var gen = Generator(seed);
        long r = Math.Max(rows, columns), c = Math.Min(rows, columns);
        Tensor a = torch.randn([r, c], torch.ScalarType.Float64, torch.CPU, generator: gen);
        var (q, rr) = torch.linalg.qr(a);
        Tensor d = rr.diagonal().sign();
        q = q.mul(d);
        if (rows < columns)
        {
            q = q.t();
        }

        Tensor result = q.mul(gain).to_type(Scalar(dtype)).contiguous();
        return Finish(result, device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Inverted dropout: zeroes each element with probability <paramref name="rate"/> and scales the rest by
    /// <c>1 / (1 - rate)</c>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="rate">The drop probability in [0, 1).</param>
    /// <param name="noiseShape">An optional shape the mask is broadcast from.</param>
    /// <param name="seed">An optional seed.</param>
    /// <returns>The result.</returns>
    public static Tensor Dropout(Tensor x, double rate, long[]? noiseShape = null, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (rate <= 0)
        {
            return x.alias();
        }

        using var gen = seed is null ? null : new torch.Generator((ulong)seed.Value, x.device);
        using var keep = torch.empty(noiseShape ?? x.shape, x.dtype, x.device).bernoulli_(1 - rate, gen);
        return x.mul(keep).div_(1 - rate);
    }

    /// <summary>A random permutation of 0..n-1 (int64).</summary>
    /// <param name="n">The length.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="device">The device.</param>
    /// <returns>The permutation.</returns>
    public static Tensor RandomPermutation(long n, long seed, Device? device = null)
    {
        using var gen = new torch.Generator((ulong)seed);
        Tensor p = torch.randperm(n, torch.ScalarType.Int64, torch.CPU, generator: gen);
        return Finish(p, device);
    }

    private static torch.Generator? Generator(long? seed) => seed is null ? null : new torch.Generator((ulong)seed.Value);

    private static Tensor Finish(Tensor t, Device? device)
    {
        Device d = device ?? KerasBackend.DefaultDevice;
        if (!d.IsCuda)
        {
            return t;
        }

        Tensor moved = t.to(TorchInterop.ToTorch(d));
        t.Dispose();
        return moved;
    }
}
