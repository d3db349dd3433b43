// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>Masks the attention layers share, built from the inputs' own shapes (a traced graph keeps no step count).</summary>
internal static class AttentionMasks
{
    /// <summary>
    /// <c>(batch, T, S)</c>: true where key step s is at or before query step t (a decoder's causal mask), from
    /// positions 1..T and 1..S counted by cumulative sums of ones shaped like the inputs.
    /// </summary>
    internal static Tensor Causal(Tensor query, Tensor key)
    {
        Tensor queryPositions = Ops.Cumsum(Ops.Add(Ops.Multiply(Ops.Narrow(query, 2, 0, 1), 0.0), 1.0), 1);
        Tensor keyPositions = Ops.Cumsum(Ops.Add(Ops.Multiply(Ops.Narrow(key, 2, 0, 1), 0.0), 1.0), 1);
        return Ops.LessEqual(Ops.Transpose(keyPositions, [0, 2, 1]), queryPositions);
    }
}
