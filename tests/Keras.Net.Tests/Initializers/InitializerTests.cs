// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Initializers;

namespace Keras.Net.Tests.Initializers;

/// <summary>Initializers against Keras's formulas: bounds, means and standard deviations of large samples.</summary>
public sealed class InitializerTests
{
    private static (double Mean, double Std, double Min, double Max) Stats(Initializer init, long[] shape)
    {
        using Tensor t = init.Call(shape);
        float[] v = Ops.ToFloatArray(t);
        double mean = v.Average(x => (double)x);
        double std = Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        return (mean, std, v.Min(), v.Max());
    }

    [Fact]
    public void GlorotUniform_IsUniformWithinSqrt6OverFanSum()
    {
        var (mean, std, min, max) = Stats(new GlorotUniform(seed: 1), [400, 600]);
        double limit = Math.Sqrt(6.0 / (400 + 600));

        Assert.True(min >= -limit && max <= limit);
        Assert.True(max > 0.98 * limit && min < -0.98 * limit);
        Assert.InRange(std, limit / Math.Sqrt(3) * 0.98, limit / Math.Sqrt(3) * 1.02);
        Assert.InRange(mean, -0.002, 0.002);
    }

    [Theory]
    [InlineData("glorot_normal", 2.0 / (300 + 500))]
    [InlineData("he_normal", 2.0 / 300)]
    [InlineData("lecun_normal", 1.0 / 300)]
    public void TruncatedNormalVariants_HaveTheTargetVariance_AndTwoSigmaBounds(string name, double variance)
    {
        var (_, std, min, max) = Stats(Initializer.Get(name), [300, 500]);
        double target = Math.Sqrt(variance);
        double sigma = target / 0.87962566103423978;

        Assert.InRange(std, target * 0.97, target * 1.03);
        Assert.True(min >= -2 * sigma - 1e-6 && max <= 2 * sigma + 1e-6);
    }

    [Theory]
    [InlineData("he_uniform", 6.0 / 300)]
    [InlineData("lecun_uniform", 3.0 / 300)]
    public void UniformVariants_StayWithinTheirLimit(string name, double limitSquared)
    {
        var (_, _, min, max) = Stats(Initializer.Get(name), [300, 200]);
        double limit = Math.Sqrt(limitSquared);

        // The samples are float32: a draw at the bound rounds to within one float32 ulp of it.
        double ulp = limit * 1e-6;
        Assert.True(min >= -limit - ulp && max <= limit + ulp, $"[{min}, {max}] outside +-{limit}");
        Assert.True(max > 0.95 * limit);
    }

    [Fact]
    public void ConvKernelFans_UseReceptiveField()
    {
        // 3x3 kernel, 16 in, 32 out: fan_in = 144, fan_out = 288 (Keras's compute_fans).
        var (_, _, min, max) = Stats(new GlorotUniform(seed: 2), [3, 3, 16, 32]);
        double limit = Math.Sqrt(6.0 / (144 + 288));

        Assert.True(min >= -limit && max <= limit && max > 0.95 * limit);
    }

    [Fact]
    public void RandomNormalUniformTruncated_KerasDefaults()
    {
        var normal = Stats(new RandomNormal(seed: 3), [200000]);
        var uniform = Stats(new RandomUniform(seed: 4), [200000]);
        var truncated = Stats(new TruncatedNormal(seed: 5), [200000]);

        Assert.InRange(normal.Std, 0.049, 0.051);
        Assert.True(uniform.Min >= -0.05 && uniform.Max <= 0.05);
        Assert.True(truncated.Min >= -0.1 && truncated.Max <= 0.1);
        // A N(0, s) truncated to +-2s has std 0.8796 s.
        Assert.InRange(truncated.Std, 0.05 * 0.8796 * 0.98, 0.05 * 0.8796 * 1.02);
    }

    [Fact]
    public void ZerosOnesConstant_FillExactly()
    {
        using Tensor z = new Zeros().Call([2, 2]);
        using Tensor o = Initializer.Get("ones").Call([3]);
        using Tensor c = new Constant(2.5).Call([2]);

        Assert.All(Ops.ToFloatArray(z), v => Assert.Equal(0f, v));
        Assert.All(Ops.ToFloatArray(o), v => Assert.Equal(1f, v));
        Assert.All(Ops.ToFloatArray(c), v => Assert.Equal(2.5f, v));
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(3, 5)]
    public void Orthogonal_HasOrthonormalColumnsOrRows(int rows, int cols)
    {
        using Tensor q = new Orthogonal(gain: 2.0, seed: 7).Call([rows, cols]);
        float[] v = Ops.ToFloatArray(q);
        int k = Math.Min(rows, cols);

        // Q^T Q (or Q Q^T) = gain^2 I for the smaller dimension.
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                double dot = 0;
                for (int i = 0; i < Math.Max(rows, cols); i++)
                {
                    dot += rows >= cols ? v[(i * cols) + a] * v[(i * cols) + b] : v[(a * cols) + i] * v[(b * cols) + i];
                }

                Assert.Equal(a == b ? 4.0 : 0.0, dot, 4);
            }
        }
    }

    [Fact]
    public void Identity_IsRectangularEyeTimesGain_AndRejectsOtherRanks()
    {
        using Tensor eye = new Identity(gain: 3).Call([2, 3]);

        Assert.Equal([3f, 0f, 0f, 0f, 3f, 0f], Ops.ToFloatArray(eye));
        Assert.Throws<ArgumentException>(() => new Identity().Call([2, 2, 2]));
    }

    [Fact]
    public void Seed_MakesDrawsReproducible()
    {
        using Tensor a = new GlorotNormal(seed: 11).Call([4, 4]);
        using Tensor b = new GlorotNormal(seed: 11).Call([4, 4]);
        using Tensor c = new GlorotNormal(seed: 12).Call([4, 4]);

        Assert.Equal(Ops.ToFloatArray(a), Ops.ToFloatArray(b));
        Assert.NotEqual(Ops.ToFloatArray(a), Ops.ToFloatArray(c));
    }

    [Theory]
    [InlineData("GlorotUniform", typeof(GlorotUniform))]
    [InlineData("he_normal", typeof(HeNormal))]
    [InlineData("truncated_normal", typeof(TruncatedNormal))]
    [InlineData("orthogonal", typeof(Orthogonal))]
    [InlineData("identity", typeof(Identity))]
    public void Get_ResolvesKerasNames(string name, Type expected)
    {
        Assert.IsType(expected, Initializer.Get(name));
    }

    [Fact]
    public void Get_Unknown_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Get("nope"));

        Assert.Contains("Unknown initializer: 'nope'", ex.Message);
    }
}
