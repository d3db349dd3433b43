// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>MultiHeadAttention's call arguments: use_causal_mask, return_attention_scores, attention_mask, and masks from Embedding.</summary>
public sealed class AttentionCallArgumentsTests : KerasTestBase
{
    [Fact]
    public void CausalMask_StepsOnlySeeThePast_AndEqualsTheExplicitLowerTriangle()
    {
        var mha = new MultiHeadAttention(2, 3);
        using Tensor x = Ops.RandomNormal([2, 5, 4], seed: 1);
        IReadOnlyList<Tensor> causal = mha.ApplyAttention(x, x, useCausalMask: true, returnAttentionScores: true);

        // Changing step 3 leaves outputs 0-2 as they were and changes step 3.
        using Tensor changed = Ops.Add(x, Ops.Multiply(Ops.Cast(Ops.Equal(Ops.Reshape(Ops.Range(0, 5, 1, Keras.Net.Backend.DType.Float32), [1, 5, 1]), Ops.Full([1], 3.0)), Keras.Net.Backend.DType.Float32), 2.0));
        IReadOnlyList<Tensor> after = mha.ApplyAttention(changed, changed, useCausalMask: true);
        TensorAssert.Equal(Ops.Narrow(causal[0], 1, 0, 3), Ops.Narrow(after[0], 1, 0, 3), atol: 1e-6);
        Assert.False(Ops.AllClose(Ops.Narrow(causal[0], 1, 3, 1), Ops.Narrow(after[0], 1, 3, 1)));

        // Scores: (batch, heads, T, S), rows summing to 1, nothing above the diagonal.
        float[] scores = Ops.ToFloatArray(causal[1]);
        Assert.Equal(new long[] { 2, 2, 5, 5 }, Ops.ShapeOf(causal[1]).ToArray());
        for (int row = 0; row < 2 * 2 * 5; row++)
        {
            int t = row % 5;
            Assert.Equal(1.0, scores.Skip(row * 5).Take(5).Sum(), 5);
            Assert.All(scores.Skip((row * 5) + t + 1).Take(4 - t), s => Assert.Equal(0f, s));
        }

        using Tensor lower = Ops.Cast(Ops.Reshape(Ops.LowerTriangle(5, 5), [1, 5, 5]), Keras.Net.Backend.DType.Bool);
        IReadOnlyList<Tensor> explicitMask = mha.ApplyAttention(x, x, attentionMask: Ops.Tile(lower, [2, 1, 1]));
        TensorAssert.Equal(causal[0], explicitMask[0], atol: 1e-6);
    }

    [Theory]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 2 })]
    public void AttentionAxes_EqualSequenceAttention_OverTheFoldedAxes(int[] axes)
    {
        using Tensor x = Ops.RandomNormal([2, 3, 4, 5], seed: 9);
        var grid = new MultiHeadAttention(2, 3, attentionAxes: axes);
        IReadOnlyList<Tensor> result = grid.ApplyAttention(x, x, returnAttentionScores: true);

        // The same weights on sequences: axes (1, 2) flatten the 3 x 4 grid into 12 steps; axis 2 alone makes each of
        // the 3 rows its own sequence of 4 steps (rows join the batch).
        var sequences = new MultiHeadAttention(2, 3);
        long[] folded = axes.Length == 2 ? [2, 12, 5] : [6, 4, 5];
        using Tensor flat = Ops.Reshape(x, folded);
        sequences.EnsureBuilt([new Shape([null, folded[1], 5]), new Shape([null, folded[1], 5])]);
        sequences.SetWeights(grid.GetWeights());
        using Tensor expected = Ops.Reshape(sequences.Apply([flat, flat]), [2, 3, 4, 5]);

        TensorAssert.Equal(expected, result[0], atol: 1e-5);
        Assert.Equal(axes.Length == 2 ? new long[] { 2, 2, 3, 4, 3, 4 } : [2, 3, 2, 4, 4], Ops.ShapeOf(result[1]).ToArray());
        Assert.Equal(axes, ((System.Text.Json.Nodes.JsonArray)grid.GetConfig()["attention_axes"]!).Select(n => (int)n!));
    }

    [Fact]
    public void DotAttention_CausalCallArgument_EqualsTheCausalConstructorFlag_AndReturnsScores()
    {
        using Tensor q = Ops.RandomNormal([2, 4, 3], seed: 5);
        using Tensor v = Ops.RandomNormal([2, 4, 3], seed: 6);
        IReadOnlyList<Tensor> byArgument = new Attention().ApplyAttention([q, v], useCausalMask: true, returnAttentionScores: true);
        using Tensor byFlag = new Attention(causal: true).Apply([q, v]);

        TensorAssert.Equal(byFlag, byArgument[0], atol: 1e-6);
        float[] scores = Ops.ToFloatArray(byArgument[1]);
        Assert.Equal(new long[] { 2, 4, 4 }, Ops.ShapeOf(byArgument[1]).ToArray());
        for (int row = 0; row < 8; row++)
        {
            int t = row % 4;
            Assert.Equal(1.0, scores.Skip(row * 4).Take(4).Sum(), 5);
            Assert.All(scores.Skip((row * 4) + t + 1).Take(3 - t), s => Assert.Equal(0f, s));
        }
    }

    [Fact]
    public void EmbeddingMaskZero_ReachesTheAttention_PaddedKeysGetNoWeight()
    {
        var tokens = new Input([4], dtype: "int64");
        var embedded = new Embedding(10, 6, maskZero: true).Apply(tokens);
        var mha = new MultiHeadAttention(1, 3);
        IReadOnlyList<KerasTensor> outs = mha.ApplyAttention(embedded, embedded, returnAttentionScores: true);
        var model = new Model(tokens, outs);

        using Tensor ids = Ops.FromArray(new long[] { 3, 5, 0, 0 }, [1, 4]);
        IReadOnlyList<Tensor> result = model.Predict([ids]);
        float[] scores = Ops.ToFloatArray(result[1]);

        // Query steps 0 and 1 attend only to keys 0 and 1 (2 and 3 are padding).
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(0f, scores[(t * 4) + 2], 6);
            Assert.Equal(0f, scores[(t * 4) + 3], 6);
            Assert.Equal(1.0, scores[t * 4] + scores[(t * 4) + 1], 5);
        }
    }

    [Theory]
    [InlineData("m.h5")]
    [InlineData("m.keras")]
    [InlineData("m")]
    public void CallArguments_AreSavedWithTheCall_AndHonouredAfterReload(string file)
    {
        var inputs = new Input([null, 4], name: "x");
        IReadOnlyList<KerasTensor> outs = new MultiHeadAttention(2, 3, name: "mha").ApplyAttention(inputs, inputs, useCausalMask: true, returnAttentionScores: true);
        var model = new Model(inputs, outs);
        using Tensor x = Ops.RandomNormal([2, 5, 4], seed: 2);
        IReadOnlyList<Tensor> expected = model.Predict([x]);
        using var dir = new TempDirectory();
        model.Save(dir.File(file));

        Model loaded = Model.Load(dir.File(file), compile: false);
        IReadOnlyList<Tensor> again = loaded.Predict([x]);

        Assert.Equal(2, again.Count);
        TensorAssert.Equal(expected[0], again[0], atol: 1e-5);
        TensorAssert.Equal(expected[1], again[1], atol: 1e-5);
        Assert.Contains("\"use_causal_mask\": true", model.ToJson(), StringComparison.Ordinal);

        if (file == "m")
        {
            // The traced graph masks causally on a longer sequence too (no step count baked in).
            using var graph = Keras.Net.Saving.SavedModels.SavedModel.Load(dir.File(file));
            using Tensor longer = Ops.RandomNormal([3, 7, 4], seed: 3);
            var served = graph.Signatures["serving_default"].Call(new Dictionary<string, Tensor> { ["x"] = longer });
            IReadOnlyList<Tensor> direct = model.Predict([longer]);
            TensorAssert.Equal(direct[0], served["mha"], atol: 1e-5);
        }
    }
}
