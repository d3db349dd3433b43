// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Comparisons, logic, ranges and running sums (Keras 3's <c>keras.ops</c>).</summary>
public static partial class Ops
{
    /// <summary>Element-wise <c>a &lt; b</c>, broadcasting.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A bool tensor.</returns>
    public static Tensor Less(Tensor a, Tensor b) => OpRecording.Record("less", NotNull(a).lt(NotNull(b)), a, b);

    /// <summary>Element-wise <c>a &lt;= b</c>, broadcasting.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A bool tensor.</returns>
    public static Tensor LessEqual(Tensor a, Tensor b) => OpRecording.Record("less_equal", NotNull(a).le(NotNull(b)), a, b);

    /// <summary>Element-wise <c>a &gt; b</c>, broadcasting.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A bool tensor.</returns>
    public static Tensor Greater(Tensor a, Tensor b) => OpRecording.Record("greater", NotNull(a).gt(NotNull(b)), a, b);

    /// <summary>Element-wise logical or.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand.</param>
    /// <returns>A bool tensor.</returns>
    public static Tensor LogicalOr(Tensor a, Tensor b) => OpRecording.Record("logical_or", NotNull(a).logical_or(NotNull(b)), a, b);

    /// <summary>Element-wise logical not.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>A bool tensor.</returns>
    public static Tensor LogicalNot(Tensor x) => OpRecording.Record("logical_not", NotNull(x).logical_not(), x);

    /// <summary><c>start, start + delta, ...</c> up to but excluding <paramref name="limit"/> (Keras's <c>arange</c>).</summary>
    /// <param name="start">The first value.</param>
    /// <param name="limit">The bound, excluded.</param>
    /// <param name="delta">The step (not zero).</param>
    /// <param name="dtype">The dtype.</param>
    /// <returns>A vector.</returns>
    /// <exception cref="ArgumentException"><paramref name="delta"/> is zero or points away from <paramref name="limit"/>.</exception>
    public static Tensor Range(double start, double limit, double delta, DType dtype)
    {
        if (delta == 0 || double.IsNaN(delta) || (limit - start) * delta < 0)
        {
            throw new ArgumentException($"Range: delta {delta} must be non-zero and point from start {start} towards limit {limit}.", nameof(delta));
        }

        return Constant(torch.arange(start, limit, delta, dtype: TorchInterop.ToTorch(dtype)));
    }

    /// <summary>Running sum along an axis (TensorFlow's <c>Cumsum</c>).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="exclusive">Each element sums the ones before it only.</param>
    /// <param name="reverse">Sum from the end.</param>
    /// <returns>The running sums.</returns>
    public static Tensor Cumsum(Tensor x, long axis, bool exclusive = false, bool reverse = false)
    {
        using var scope = torch.NewDisposeScope();
        Tensor t = reverse ? NotNull(x).flip(axis) : NotNull(x);
        Tensor sum = t.cumsum(axis);
        if (exclusive)
        {
            sum = sum - t;
        }

        Tensor recorded = (reverse ? sum.flip(axis) : sum).MoveToOuterDisposeScope();
        return OpRecording.IsActive ? OpRecording.Record("cumsum", recorded, [x], new Dictionary<string, object> { ["axis"] = axis, ["exclusive"] = exclusive, ["reverse"] = reverse }) : recorded;
    }

    /// <summary>Picks slices of <paramref name="x"/> along <paramref name="axis"/> by index (TensorFlow's <c>GatherV2</c>, Keras's <c>take</c>).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="indices">int64 indices of any shape, each in <c>[0, x.shape[axis])</c>.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>Shape <c>x.shape[:axis] + indices.shape + x.shape[axis+1:]</c>.</returns>
    /// <exception cref="ArgumentException">An index is out of range (checked first: libtorch may abort on some).</exception>
    public static Tensor Take(Tensor x, Tensor indices, long axis)
    {
        long[] shape = NotNull(x).shape;
        long a = axis < 0 ? axis + shape.Length : axis;
        if (a < 0 || a >= shape.Length)
        {
            throw new ArgumentException($"Take: axis {axis} is outside a tensor of rank {shape.Length}.", nameof(axis));
        }

        using var scope = torch.NewDisposeScope();
        Tensor flat = NotNull(indices).to_type(torch.int64).flatten();
        if (flat.NumberOfElements > 0 && (flat.min().item<long>() < 0 || flat.max().item<long>() >= shape[a]))
        {
            throw new ArgumentException($"Take: indices must be in [0, {shape[a]}) for axis {a} of shape [{string.Join(", ", shape)}]; got values from {flat.min().item<long>()} to {flat.max().item<long>()}.", nameof(indices));
        }

        Tensor picked = x.index_select(a, flat);
        long[] result = [.. shape[..(int)a], .. indices.shape, .. shape[((int)a + 1)..]];
        Tensor recorded = picked.reshape(result).MoveToOuterDisposeScope();
        return OpRecording.IsActive ? OpRecording.Record("take", recorded, [x, indices], new Dictionary<string, object> { ["axis"] = a }) : recorded;
    }

    /// <summary>Einstein summation (<c>keras.ops.einsum</c>), e.g. <c>"abc,cd->abd"</c>.</summary>
    /// <param name="equation">The subscripts, NumPy style (letters, <c>...</c>, <c>-&gt;</c>).</param>
    /// <param name="operands">The tensors, one per input term.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The equation does not fit the operands (checked before libtorch).</exception>
    public static Tensor Einsum(string equation, IReadOnlyList<Tensor> operands)
    {
        ArgumentException.ThrowIfNullOrEmpty(equation);
        ArgumentNullException.ThrowIfNull(operands);
        string inputs = equation.Split("->")[0];
        string[] terms = inputs.Split(',');
        if (terms.Length != operands.Count || equation.Any(c => !(char.IsAsciiLetter(c) || c is ',' or '-' or '>' or '.' or ' ')))
        {
            throw new ArgumentException($"Einsum: \"{equation}\" needs {terms.Length} operands of letters, got {operands.Count}.", nameof(equation));
        }

        var sizes = new Dictionary<char, long>();
        for (int i = 0; i < terms.Length; i++)
        {
            string term = terms[i].Replace(" ", string.Empty, StringComparison.Ordinal);
            long[] shape = NotNull(operands[i]).shape;
            bool ellipsis = term.Contains("...", StringComparison.Ordinal);
            string letters = term.Replace("...", string.Empty, StringComparison.Ordinal);
            if (ellipsis ? letters.Length > shape.Length : letters.Length != shape.Length)
            {
                throw new ArgumentException($"Einsum: term \"{term}\" does not fit operand {i} of shape [{string.Join(", ", shape)}].", nameof(operands));
            }

            // Letters before "..." match leading axes, those after it the trailing ones.
            int split = ellipsis ? term.IndexOf("...", StringComparison.Ordinal) : letters.Length;
            for (int k = 0; k < letters.Length; k++)
            {
                long d = k < split ? shape[k] : shape[shape.Length - (letters.Length - k)];
                if (sizes.TryGetValue(letters[k], out long seen) && seen != d && seen != 1 && d != 1)
                {
                    throw new ArgumentException($"Einsum: subscript '{letters[k]}' is {seen} in one operand and {d} in another (\"{equation}\").", nameof(operands));
                }

                sizes[letters[k]] = seen == 0 || seen == 1 ? d : seen;
            }
        }

        Tensor recorded = torch.einsum(equation, operands.ToArray());
        return OpRecording.IsActive ? OpRecording.Record("einsum", recorded, operands.ToArray(), new Dictionary<string, object> { ["equation"] = equation }) : recorded;
    }

    /// <summary>Product over axes (all when <paramref name="axes"/> is empty).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The product.</returns>
    public static Tensor Prod(Tensor x, long[] axes, bool keepDims = false)
    {
        using var scope = torch.NewDisposeScope();
        long rank = NotNull(x).dim();
        long[] order = (axes.Length == 0 ? Enumerable.Range(0, (int)rank).Select(i => (long)i) : axes.Select(a => a < 0 ? a + rank : a)).Distinct().OrderByDescending(a => a).ToArray();
        Tensor result = x;
        foreach (long a in order)
        {
            result = result.prod(a, keepdim: keepDims);
        }

        return Reduction("prod", (ReferenceEquals(result, x) ? x.clone() : result).MoveToOuterDisposeScope(), x, order, keepDims);
    }

    /// <summary>Minimum over axes (all when <paramref name="axes"/> is empty).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The minimum.</returns>
    public static Tensor Min(Tensor x, long[] axes, bool keepDims = false) =>
        Reduction("min", axes.Length == 0 ? NotNull(x).amin(Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray(), keepDims) : NotNull(x).amin(axes, keepDims), x, axes.Length == 0 ? null : axes, keepDims);
}
