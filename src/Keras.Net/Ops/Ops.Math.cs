// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Element-wise and reduction math.</summary>
public static partial class Ops
{
    /// <summary>Matrix product over the last two axes (with broadcasting).</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <returns>The product.</returns>
    /// <exception cref="ArgumentException">The shapes cannot be multiplied (libtorch would abort the process on some of these).</exception>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        long[] x = NotNull(a).shape, y = NotNull(b).shape;
        bool fits = x.Length > 0 && y.Length > 0 && x[^1] == (y.Length == 1 ? y[0] : y[^2]) && BatchDimsBroadcast(x, y);
        if (!fits)
        {
            throw new ArgumentException($"MatMul: cannot multiply shapes [{string.Join(", ", x)}] and [{string.Join(", ", y)}]: the last axis of the first must equal the second-to-last of the second, and leading axes must broadcast.");
        }

        return GraphTracer.Traced("MatMul", a.matmul(b), a, b);
    }

    private static bool BatchDimsBroadcast(long[] x, long[] y)
    {
        int bx = Math.Max(0, x.Length - 2), by = Math.Max(0, y.Length - 2);
        for (int i = 1; i <= Math.Min(bx, by); i++)
        {
            long p = x[bx - i], q = y[by - i];
            if (p != q && p != 1 && q != 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Element-wise sum.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>The sum.</returns>
    public static Tensor Add(Tensor a, Tensor b) => GraphTracer.Traced("AddV2", NotNull(a).add(NotNull(b)), a, b);

    /// <summary>Element-wise sum with a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>The sum.</returns>
    public static Tensor Add(Tensor a, double b) => GraphTracer.TracedScalar("AddV2", NotNull(a).add(b), a, b);

    /// <summary>Element-wise difference.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>The difference.</returns>
    public static Tensor Subtract(Tensor a, Tensor b) => GraphTracer.Traced("Sub", NotNull(a).sub(NotNull(b)), a, b);

    /// <summary>Element-wise product.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>The product.</returns>
    public static Tensor Multiply(Tensor a, Tensor b) => GraphTracer.Traced("Mul", NotNull(a).mul(NotNull(b)), a, b);

    /// <summary>Element-wise product with a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>The product.</returns>
    public static Tensor Multiply(Tensor a, double b) => GraphTracer.TracedScalar("Mul", NotNull(a).mul(b), a, b);

    /// <summary>Element-wise quotient.</summary>
    /// <param name="a">The dividend.</param>
    /// <param name="b">The divisor.</param>
    /// <returns>The quotient.</returns>
    public static Tensor Divide(Tensor a, Tensor b) => GraphTracer.Traced("RealDiv", NotNull(a).div(NotNull(b)), a, b);

    /// <summary>Element-wise negation.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>-x.</returns>
    public static Tensor Negative(Tensor x) => GraphTracer.Traced("Neg", NotNull(x).neg(), x);

    /// <summary>Element-wise exponential.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>exp(x).</returns>
    public static Tensor Exp(Tensor x) => GraphTracer.Traced("Exp", NotNull(x).exp(), x);

    /// <summary>Element-wise natural logarithm.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>log(x).</returns>
    public static Tensor Log(Tensor x) => GraphTracer.Traced("Log", NotNull(x).log(), x);

    /// <summary>Element-wise square root.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>sqrt(x).</returns>
    public static Tensor Sqrt(Tensor x) => GraphTracer.Traced("Sqrt", NotNull(x).sqrt(), x);

    /// <summary>Element-wise square.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>x * x.</returns>
    public static Tensor Square(Tensor x) => GraphTracer.Traced("Square", NotNull(x).square(), x);

    /// <summary>Element-wise absolute value.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>|x|.</returns>
    public static Tensor Abs(Tensor x) => NotNull(x).abs();

    /// <summary>Element-wise maximum.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>max(a, b).</returns>
    public static Tensor Maximum(Tensor a, Tensor b) => GraphTracer.Traced("Maximum", NotNull(a).maximum(NotNull(b)), a, b);

    /// <summary>Element-wise minimum.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>min(a, b).</returns>
    public static Tensor Minimum(Tensor a, Tensor b) => GraphTracer.Traced("Minimum", NotNull(a).minimum(NotNull(b)), a, b);

    /// <summary>Clips values to [min, max].</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <returns>The clipped tensor.</returns>
    public static Tensor Clip(Tensor x, double min, double max) => NotNull(x).clamp(min, max);

    /// <summary>Clips values below <paramref name="min"/>.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="min">The lower bound.</param>
    /// <returns>max(x, min).</returns>
    public static Tensor ClipMin(Tensor x, double min) => NotNull(x).clamp_min(min);

    /// <summary>Chooses from <paramref name="a"/> where <paramref name="condition"/> holds, else from <paramref name="b"/>.</summary>
    /// <param name="condition">A boolean tensor.</param>
    /// <param name="a">Values where true.</param>
    /// <param name="b">Values where false.</param>
    /// <returns>The selection.</returns>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => torch.where(NotNull(condition), NotNull(a), NotNull(b));

    /// <summary>Sum over axes (all when <paramref name="axes"/> is null).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The sum.</returns>
    public static Tensor Sum(Tensor x, long[]? axes = null, bool keepDims = false) =>
        Reduction("Sum", axes is null ? NotNull(x).sum() : NotNull(x).sum(axes, keepDims), x, axes, keepDims);

    /// <summary>Mean over axes (all when <paramref name="axes"/> is null).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The mean.</returns>
    public static Tensor Mean(Tensor x, long[]? axes = null, bool keepDims = false) =>
        Reduction("Mean", axes is null ? NotNull(x).mean() : NotNull(x).mean(axes, keepDims), x, axes, keepDims);

    /// <summary>Traces a reduction as TensorFlow's <c>Sum</c>/<c>Mean</c> with its axes as an int32 constant.</summary>
    private static Tensor Reduction(string op, Tensor result, Tensor x, long[]? axes, bool keepDims) =>
        !GraphTracer.IsTracing ? result : GraphTracer.TracedWith(op, result, [x], t => [t.IntVector(axes ?? Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray())], node =>
        {
            node.Attr["keep_dims"] = new Protos.AttrValue { B = keepDims };
            node.Attr["Tidx"] = new Protos.AttrValue { Type = Protos.DataType.DtInt32 };
        });

    /// <summary>Maximum over one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="keepDims">Keep the reduced axis.</param>
    /// <returns>The maximum.</returns>
    public static Tensor Max(Tensor x, long axis, bool keepDims = false) => NotNull(x).amax([axis], keepDims);

    /// <summary>The smallest and largest element, or null for an empty tensor.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>(min, max), or null.</returns>
    public static (double Min, double Max)? ValueRange(Tensor x)
    {
        if (NotNull(x).numel() == 0)
        {
            return null;
        }

        using Tensor min = x.min();
        using Tensor max = x.max();
        return (min.ToDouble(), max.ToDouble());
    }

    /// <summary>Index of the maximum along an axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The int64 indices.</returns>
    public static Tensor ArgMax(Tensor x, long axis = -1) => NotNull(x).argmax(axis);

    /// <summary>Element-wise equality.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor Equal(Tensor a, Tensor b) => NotNull(a).eq(NotNull(b));

    /// <summary>Element-wise inequality against a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor NotEqual(Tensor a, double b) => NotNull(a).ne(b);

    /// <summary>Logical AND of boolean tensors.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor LogicalAnd(Tensor a, Tensor b) => NotNull(a).logical_and(NotNull(b));

    /// <summary>Whether every element is true along an axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor All(Tensor x, long axis) => NotNull(x).all(axis);

    /// <summary>Element-wise <c>a &lt;= b</c> against a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor LessEqual(Tensor a, double b) => NotNull(a).le(b);

    /// <summary>Element-wise <c>a &gt; b</c> against a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor Greater(Tensor a, double b) => NotNull(a).gt(b);

    /// <summary>Whether every element is 0 or 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>True when the tensor holds only zeros and ones.</returns>
    public static bool AllIn01(Tensor x)
    {
        using Tensor zero = NotNull(x).eq(0);
        using Tensor one = x.eq(1);
        using Tensor either = zero.logical_or(one);
        using Tensor all = either.all();
        return all.item<bool>();
    }

    /// <summary>Gathers values along the last axis at <paramref name="indices"/> (same rank).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="indices">int64 indices.</param>
    /// <returns>The gathered values.</returns>
    public static Tensor TakeAlongLastAxis(Tensor x, Tensor indices) => NotNull(x).gather(-1, NotNull(indices));

    /// <summary>The <paramref name="k"/> largest values' indices along the last axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="k">How many.</param>
    /// <returns>int64 indices.</returns>
    public static Tensor TopKIndices(Tensor x, int k)
    {
        var (values, indices) = NotNull(x).topk(k, -1);
        values.Dispose();
        return indices;
    }

    /// <summary>Whether any element along the last axis is true.</summary>
    /// <param name="x">A boolean tensor.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor AnyLastAxis(Tensor x) => NotNull(x).any(-1);

    private static Tensor NotNull(Tensor x) => x ?? throw new ArgumentNullException(nameof(x));
}
