// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Tests;

/// <summary>Comparisons, logic, ranges, running sums, take and einsum, against values worked out by hand.</summary>
public sealed class OpsLogicTests
{
    private static float[] F(Tensor t)
    {
        using Tensor f = Ops.Cast(t, DType.Float32);
        return Ops.ToFloatArray(f);
    }

    [Fact]
    public void Comparisons_AndLogic_AreElementWise()
    {
        using Tensor a = Ops.FromArray(new float[] { 1, 5, 3 }, [3]);
        using Tensor b = Ops.FromArray(new float[] { 2, 2, 3 }, [3]);
        Assert.Equal([1f, 0f, 0f], F(Ops.Less(a, b)));
        Assert.Equal([1f, 0f, 1f], F(Ops.LessEqual(a, b)));
        Assert.Equal([0f, 1f, 0f], F(Ops.Greater(a, b)));
        Assert.Equal([1f, 1f, 0f], F(Ops.LogicalOr(Ops.Less(a, b), Ops.Greater(a, b))));
        Assert.Equal([0f, 0f, 1f], F(Ops.LogicalNot(Ops.LogicalOr(Ops.Less(a, b), Ops.Greater(a, b)))));
    }

    [Fact]
    public void Range_AndCumsum()
    {
        Assert.Equal([2f, 5f, 8f], F(Ops.Range(2, 10, 3, DType.Float32)));
        Assert.Throws<ArgumentException>(() => Ops.Range(0, 5, -1, DType.Float32));
        using Tensor x = Ops.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal([1f, 3f, 3f, 7f], F(Ops.Cumsum(x, 1)));
        Assert.Equal([2f, 0f, 4f, 0f], F(Ops.Cumsum(x, 1, exclusive: true, reverse: true)));
    }

    [Fact]
    public void Take_PicksAlongAnAxis_AndChecksIndices()
    {
        using Tensor x = Ops.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using Tensor i = Ops.FromArray(new long[] { 2, 2, 0 }, [3]);
        using Tensor t = Ops.Take(x, i, 1);
        Assert.Equal(new long[] { 2, 3 }, Ops.ShapeOf(t).ToArray());
        Assert.Equal([3f, 3f, 1f, 6f, 6f, 4f], F(t));
        using Tensor bad = Ops.FromArray(new long[] { 3 }, [1]);
        Assert.Throws<ArgumentException>(() => Ops.Take(x, bad, 1));
    }

    [Fact]
    public void Einsum_MultipliesAndTransposes_AndRefusesMismatchedSubscripts()
    {
        using Tensor m = Ops.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using Tensor v = Ops.FromArray(new float[] { 1, 1 }, [2]);
        Assert.Equal([3f, 7f], F(Ops.Einsum("ij,j->i", [m, v])));          // row sums
        Assert.Equal([1f, 3f, 2f, 4f], F(Ops.Einsum("ij->ji", [m])));       // transpose
        Assert.Equal([4f, 6f], F(Ops.Einsum("...j,...ij->j", [v, m])));     // column sums
        using Tensor three = Ops.Zeros([3]);
        Assert.Throws<ArgumentException>(() => Ops.Einsum("ij,j->i", [m, three]));
        Assert.Throws<ArgumentException>(() => Ops.Einsum("ij,j->i", [m]));
    }

    [Fact]
    public void Prod_AndMin_ReduceOverAxes()
    {
        using Tensor x = Ops.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal([6f, 120f], F(Ops.Prod(x, [1])));
        Assert.Equal([720f], F(Ops.Reshape(Ops.Prod(x, []), [1])));
        Assert.Equal([1f, 2f, 3f], F(Ops.Min(x, [0])));
        using Tensor kept = Ops.Min(x, [1], keepDims: true);
        Assert.Equal(new long[] { 2, 1 }, Ops.ShapeOf(kept).ToArray());
        Assert.Equal([1f, 4f], F(kept));
    }
}
