// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>
/// MultiHeadAttention's <c>attention_axes</c> as sequences: the other inner axes join the batch, the attention axes
/// flatten into one step axis, so the rank-3 attention runs unchanged (the same weights, the same softmax over the
/// keys' flattened attention positions as Keras's einsum), and the results fold back.
/// </summary>
internal sealed class AttentionAxesView
{
    private readonly int _rank;
    private readonly int[] _perm;
    private readonly int[] _inverse;
    private readonly int[] _others;
    private readonly int[] _attention;

    internal AttentionAxesView(int rank, IReadOnlyList<int>? axes)
    {
        _rank = rank;
        _attention = (axes ?? Enumerable.Range(1, rank - 2).ToList()).Select(a => a < 0 ? a + rank : a).Distinct().Order().ToArray();
        if (_attention.Length == 0 || _attention.Any(a => a < 1 || a > rank - 2))
        {
            throw new ArgumentException($"attention_axes must name axes between the batch and the last axis of rank-{rank} inputs; received [{string.Join(", ", axes ?? [])}].");
        }

        _others = Enumerable.Range(1, rank - 2).Except(_attention).ToArray();
        _perm = [0, .. _others, .. _attention, rank - 1];
        _inverse = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            _inverse[_perm[i]] = i;
        }
    }

    /// <summary>Whether the view is the plain (batch, steps, dim) case.</summary>
    internal bool IsSequence => _rank == 3;

    /// <summary><c>(batch * others, attention positions, dim)</c>.</summary>
    internal Tensor Fold(Tensor x)
    {
        long[] shape = Ops.ShapeOf(x).ToArray();
        long positions = _attention.Aggregate(1L, (p, a) => p * shape[a]);
        return Ops.Reshape(Ops.Transpose(x, _perm.Select(p => (long)p).ToArray()), [-1, positions, shape[^1]]);
    }

    /// <summary>Back from <c>(batch * others, query positions, out)</c> to the query's layout with <paramref name="last"/> features.</summary>
    internal Tensor Unfold(Tensor y, Tensor query, long last)
    {
        long[] q = Ops.ShapeOf(query).ToArray();
        long[] permuted = [-1, .. _others.Select(a => q[a]), .. _attention.Select(a => q[a]), last];
        return Ops.Transpose(Ops.Reshape(y, permuted), _inverse.Select(p => (long)p).ToArray());
    }

    /// <summary>Scores <c>(batch * others, heads, Tq, Tk)</c> as Keras shapes them: <c>(batch, others..., heads, query positions..., key positions...)</c>.</summary>
    internal Tensor UnfoldScores(Tensor scores, Tensor query, Tensor key, int heads)
    {
        long[] q = Ops.ShapeOf(query).ToArray(), k = Ops.ShapeOf(key).ToArray();
        return Ops.Reshape(scores, [-1, .. _others.Select(a => q[a]), heads, .. _attention.Select(a => q[a]), .. _attention.Select(a => k[a])]);
    }

    /// <summary>The output shape for a query shape.</summary>
    internal Shape OutputShape(Shape query, long? last) => new([.. query.Take(_rank - 1), last]);

    /// <summary>The scores' shape for query and key shapes.</summary>
    internal Shape ScoresShape(Shape query, Shape key, int heads) =>
        new([query[0], .. _others.Select(a => query[a]), heads, .. _attention.Select(a => query[a]), .. _attention.Select(a => key[a])]);
}
