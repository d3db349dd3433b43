// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Tests;

/// <summary>Calls libtorch would abort the process on (or answer with C++ frames) are checked first, with Keras-style messages.</summary>
public sealed class OpsShapeCheckTests
{
    [Theory]
    [InlineData(new long[] { 2, 6 }, new long[] { 7, 3 })]
    [InlineData(new long[] { 2, 6 }, new long[] { 3 })]
    [InlineData(new long[] { 4, 2, 6 }, new long[] { 3, 6, 2 })]
    [InlineData(new long[] { 6 }, new long[] { 5, 2 })]
    public void MatMul_OfShapesThatDoNotMultiply_ThrowsArgumentExceptionNamingBoth(long[] a, long[] b)
    {
        using Tensor x = Ops.Zeros(a);
        using Tensor y = Ops.Zeros(b);
        var e = Assert.Throws<ArgumentException>(() => Ops.MatMul(x, y));
        Assert.Contains($"[{string.Join(", ", a)}]", e.Message, StringComparison.Ordinal);
        Assert.Contains($"[{string.Join(", ", b)}]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_WithBroadcastBatch_StillMultiplies()
    {
        using Tensor x = Ops.Full([4, 2, 3], 1.0);
        using Tensor y = Ops.Full([1, 3, 5], 2.0);
        using Tensor z = Ops.MatMul(x, y);
        Assert.Equal(new long[] { 4, 2, 5 }, Ops.ShapeOf(z).ToArray());
        Assert.All(Ops.ToFloatArray(z), v => Assert.Equal(6f, v)); // 3 terms of 1 * 2
    }

    [Fact]
    public void Gradients_OfANonScalar_ThrowsNamingTheShape()
    {
        using var w = new Variable(Ops.Full([3], 2.0));
        using Tensor loss = Ops.Multiply(w.Value, w.Value);
        var e = Assert.Throws<ArgumentException>(() => Ops.Gradients(loss, [w.Value]));
        Assert.Contains("[3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("scalar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradients_OfAScalar_AreTheDerivative()
    {
        using var w = new Variable(Ops.Full([3], 2.0));
        using Tensor loss = Ops.Sum(Ops.Multiply(w.Value, w.Value), [0], false);
        IReadOnlyList<Tensor> g = Ops.Gradients(loss, [w.Value]);
        Assert.Equal([4f, 4f, 4f], Ops.ToFloatArray(g[0])); // d(w^2)/dw = 2w
    }

    [Fact]
    public void SparseCrossEntropy_WithALabelPastTheClasses_SaysWhichLabelAndTheRange()
    {
        using Tensor logits = Ops.Zeros([4, 10]);
        using Tensor labels = Ops.FromArray(new long[] { 1, 10, 3, 19 }, [4]);
        var e = Assert.Throws<ArgumentException>(() => Ops.SparseSoftmaxCrossEntropy(logits, labels));
        Assert.Contains("label value of 19", e.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 10)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LossNLL.cpp", e.Message, StringComparison.Ordinal);
    }
}
