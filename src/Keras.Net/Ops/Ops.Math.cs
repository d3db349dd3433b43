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

        return OpRecording.Record("matmul", a.matmul(b), a, b);
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
    public static Tensor Add(Tensor a, Tensor b) => OpRecording.Record("add", NotNull(a).add(NotNull(b)), a, b);

    /// <summary>Element-wise sum with a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>The sum.</returns>
    public static Tensor Add(Tensor a, double b) => OpRecording.RecordScalar("add", NotNull(a).add(b), a, b);

    /// <summary>Element-wise difference.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>The difference.</returns>
    public static Tensor Subtract(Tensor a, Tensor b) => OpRecording.Record("subtract", NotNull(a).sub(NotNull(b)), a, b);

    /// <summary>Element-wise product.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>The product.</returns>
    public static Tensor Multiply(Tensor a, Tensor b) => OpRecording.Record("multiply", NotNull(a).mul(NotNull(b)), a, b);

    /// <summary>Element-wise product with a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>The product.</returns>
    public static Tensor Multiply(Tensor a, double b) => OpRecording.RecordScalar("multiply", NotNull(a).mul(b), a, b);

    /// <summary>Element-wise quotient.</summary>
    /// <param name="a">The dividend.</param>
    /// <param name="b">The divisor.</param>
    /// <returns>The quotient.</returns>
    public static Tensor Divide(Tensor a, Tensor b) => OpRecording.Record("divide", NotNull(a).div(NotNull(b)), a, b);

    /// <summary>Element-wise negation.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>-x.</returns>
    public static Tensor Negative(Tensor x) => OpRecording.Record("negative", NotNull(x).neg(), x);

    /// <summary>Element-wise exponential.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>exp(x).</returns>
    public static Tensor Exp(Tensor x) => OpRecording.Record("exp", NotNull(x).exp(), x);

    /// <summary>Element-wise natural logarithm.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>log(x).</returns>
    public static Tensor Log(Tensor x) => OpRecording.Record("log", NotNull(x).log(), x);

    /// <summary>Element-wise square root.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>sqrt(x).</returns>
    public static Tensor Sqrt(Tensor x) => OpRecording.Record("sqrt", NotNull(x).sqrt(), x);

    /// <summary>Element-wise square.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>x * x.</returns>
    public static Tensor Square(Tensor x) => OpRecording.Record("square", NotNull(x).square(), x);

    /// <summary>Element-wise absolute value.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>|x|.</returns>
    public static Tensor Abs(Tensor x) => OpRecording.Record("abs", NotNull(x).abs(), x);

    /// <summary>The error function, element-wise (GELU's exact form).</summary>
    internal static Tensor Erf(Tensor x) => OpRecording.Record("erf", NotNull(x).erf(), x);

    /// <summary>Element-wise maximum.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>max(a, b).</returns>
    public static Tensor Maximum(Tensor a, Tensor b) => OpRecording.Record("maximum", NotNull(a).maximum(NotNull(b)), a, b);

    /// <summary>Element-wise minimum.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>min(a, b).</returns>
    public static Tensor Minimum(Tensor a, Tensor b) => OpRecording.Record("minimum", NotNull(a).minimum(NotNull(b)), a, b);

    /// <summary>Clips values to [min, max].</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <returns>The clipped tensor.</returns>
    public static Tensor Clip(Tensor x, double min, double max)
    {
        Tensor recorded = NotNull(x).clamp(min, max);
        return OpRecording.IsActive ? OpRecording.Record("clip", recorded, [x], new Dictionary<string, object> { ["min"] = min, ["max"] = max }) : recorded;
    }

    /// <summary>Clips values below <paramref name="min"/>.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="min">The lower bound.</param>
    /// <returns>max(x, min).</returns>
    public static Tensor ClipMin(Tensor x, double min) => OpRecording.RecordScalar("maximum", NotNull(x).clamp_min(min), x, min);

    /// <summary>Chooses from <paramref name="a"/> where <paramref name="condition"/> holds, else from <paramref name="b"/>.</summary>
    /// <param name="condition">A boolean tensor.</param>
    /// <param name="a">Values where true.</param>
    /// <param name="b">Values where false.</param>
    /// <returns>The selection.</returns>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        Tensor recorded = torch.where(NotNull(condition), NotNull(a), NotNull(b));
        return OpRecording.IsActive ? OpRecording.Record("where", recorded, [condition, a, b], NoAttributes) : recorded;
    }

    /// <summary>Sum over axes (all when <paramref name="axes"/> is null).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The sum.</returns>
    public static Tensor Sum(Tensor x, long[]? axes = null, bool keepDims = false) =>
        Reduction("sum", axes is null ? NotNull(x).sum() : NotNull(x).sum(axes, keepDims), x, axes, keepDims);

    /// <summary>Mean over axes (all when <paramref name="axes"/> is null).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The mean.</returns>
    public static Tensor Mean(Tensor x, long[]? axes = null, bool keepDims = false) =>
        Reduction("mean", axes is null ? NotNull(x).mean() : NotNull(x).mean(axes, keepDims), x, axes, keepDims);

    /// <summary>Reports a reduction with its axes (all axes when null) and keepdims.</summary>
    private static Tensor Reduction(string op, Tensor result, Tensor x, long[]? axes, bool keepDims)
    {
        return OpRecording.IsActive ? OpRecording.Record(op, result, [x], new Dictionary<string, object> { ["axes"] = axes ?? Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray(), ["keepdims"] = keepDims }) : result;
    }

    /// <summary>
    /// The attributes of an op that has none. Ops report attributes as <c>OpRecording.IsActive ? Record(...) : result</c>,
    /// so the inputs array and the attribute dictionary are built only when a recorder listens (no allocation per op otherwise).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, object> NoAttributes = new Dictionary<string, object>();

    /// <summary>Maximum over one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="keepDims">Keep the reduced axis.</param>
    /// <returns>The maximum.</returns>
    public static Tensor Max(Tensor x, long axis, bool keepDims = false) => Reduction("max", NotNull(x).amax([axis], keepDims), x, [axis], keepDims);

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
    public static Tensor ArgMax(Tensor x, long axis = -1)
    {
        Tensor recorded = NotNull(x).argmax(axis);
        return OpRecording.IsActive ? OpRecording.Record("argmax", recorded, [x], new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>Element-wise equality.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor Equal(Tensor a, Tensor b) => OpRecording.Record("equal", NotNull(a).eq(NotNull(b)), a, b);

    /// <summary>Element-wise inequality against a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor NotEqual(Tensor a, double b) => OpRecording.RecordScalar("not_equal", NotNull(a).ne(b), a, b);

    /// <summary>Logical AND of boolean tensors.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor LogicalAnd(Tensor a, Tensor b) => OpRecording.Record("logical_and", NotNull(a).logical_and(NotNull(b)), a, b);

    /// <summary>Whether every element is true along an axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor All(Tensor x, long axis) => Reduction("all", NotNull(x).all(axis), x, [axis], false);

    /// <summary>Element-wise <c>a &lt;= b</c> against a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor LessEqual(Tensor a, double b) => OpRecording.RecordScalar("less_equal", NotNull(a).le(b), a, b);

    /// <summary>Element-wise <c>a &gt; b</c> against a scalar.</summary>
    /// <param name="a">The tensor.</param>
    /// <param name="b">The scalar.</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor Greater(Tensor a, double b) => OpRecording.RecordScalar("greater", NotNull(a).gt(b), a, b);

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
    public static Tensor AnyLastAxis(Tensor x) => Reduction("any", NotNull(x).any(-1), x, [-1], false);

    private static Tensor NotNull(Tensor x) => x ?? throw new ArgumentNullException(nameof(x));
}
