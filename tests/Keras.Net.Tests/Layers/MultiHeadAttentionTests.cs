// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>MultiHeadAttention against Keras's einsum formulation evaluated with plain loops in double precision.</summary>
public sealed class MultiHeadAttentionTests : KerasTestBase
{
    private const int H = 2, Dk = 2, Dv = 1, D = 2, Tq = 2, Tk = 3;

    private static float[] Values(int n, int salt) => Enumerable.Range(0, n).Select(i => (float)Math.Sin((i + 1) * (salt + 0.7))).ToArray();

    [Fact]
    public void MatchesTheEinsumFormulation_WithAValueMask()
    {
        var mha = new MultiHeadAttention(H, Dk, valueDim: Dv, name: "mha");
        float[] q = Values(Tq * D, 1), v = Values(Tk * D, 2);
        using Tensor query = Ops.FromArray(q, [1, Tq, D]);
        using Tensor value = Ops.FromArray(v, [1, Tk, D]);
        mha.EnsureBuilt([Ops.ShapeOf(query), Ops.ShapeOf(value)]);
        float[][] w = [Values(D * H * Dk, 3), Values(H * Dk, 4), Values(D * H * Dk, 5), Values(H * Dk, 6), Values(D * H * Dv, 7), Values(H * Dv, 8), Values(H * Dv * D, 9), Values(D, 10)];
        mha.SetWeights(w.Select((a, i) => Ops.FromArray(a, [.. mha.Weights[i].Shape.Select(d => d!.Value)])).ToArray());
        bool[] keep = [true, false, true];
        using Tensor mask = Ops.NotEqual(Ops.FromArray(keep.Select(b => b ? 1f : 0f).ToArray(), [1, Tk]), 0.0);

        IReadOnlyList<Tensor> y = mha.Invoke([query, value], [null, mask], false, out _);

        // Q[t,h,e] = sum_c x[t,c] Wq[c,h,e] + bq[h,e], likewise K (from value) and V.
        double[,,] Project(float[] x, int steps, float[] kernel, float[] bias, int dim)
        {
            var r = new double[steps, H, dim];
            for (int t = 0; t < steps; t++)
            {
                for (int h = 0; h < H; h++)
                {
                    for (int e = 0; e < dim; e++)
                    {
                        double s = bias[(h * dim) + e];
                        for (int c = 0; c < D; c++)
                        {
                            s += x[(t * D) + c] * kernel[(((c * H) + h) * dim) + e];
                        }

                        r[t, h, e] = s;
                    }
                }
            }

            return r;
        }

        double[,,] qp = Project(q, Tq, w[0], w[1], Dk), kp = Project(v, Tk, w[2], w[3], Dk), vp = Project(v, Tk, w[4], w[5], Dv);
        var expected = new List<float>();
        for (int t = 0; t < Tq; t++)
        {
            var ctx = new double[H, Dv];
            for (int h = 0; h < H; h++)
            {
                double[] scores = Enumerable.Range(0, Tk).Select(j => keep[j] ? Enumerable.Range(0, Dk).Sum(e => qp[t, h, e] / Math.Sqrt(Dk) * kp[j, h, e]) : double.NegativeInfinity).ToArray();
                double max = scores.Max();
                double[] ex = scores.Select(s => Math.Exp(s - max)).ToArray();
                for (int j = 0; j < Tk; j++)
                {
                    for (int e = 0; e < Dv; e++)
                    {
                        ctx[h, e] += ex[j] / ex.Sum() * vp[j, h, e];
                    }
                }
            }

            for (int o = 0; o < D; o++)
            {
                double s = w[7][o];
                for (int h = 0; h < H; h++)
                {
                    for (int e = 0; e < Dv; e++)
                    {
                        s += ctx[h, e] * w[6][(((h * Dv) + e) * D) + o];
                    }
                }

                expected.Add((float)s);
            }
        }

        TensorAssert.Close([.. expected], y[0], 1e-5);
    }

    [Fact]
    public void Weights_FollowKerasNamesShapesAndOrder()
    {
        var mha = new MultiHeadAttention(4, 8, name: "multi_head_attention");
        mha.EnsureBuilt([new Shape([null, 5, 16]), new Shape([null, 7, 12])]);

        Assert.Equal(
            ["query/kernel:0", "query/bias:0", "key/kernel:0", "key/bias:0", "value/kernel:0", "value/bias:0", "attention_output/kernel:0", "attention_output/bias:0"],
            mha.Weights.Select(w => w.Name["multi_head_attention/".Length..]));
        Assert.Equal(Shape.Of(16, 4, 8), mha.Weights[0].Shape);
        Assert.Equal(Shape.Of(12, 4, 8), mha.Weights[2].Shape);
        Assert.Equal(Shape.Of(4, 8, 16), mha.Weights[6].Shape);
        Assert.Equal(new Shape([null, 5, 16]), mha.ComputeOutputShape([new Shape([null, 5, 16]), new Shape([null, 7, 12])])[0]);
    }

    [Fact]
    public void Config_RoundTrips_WithAndWithoutAttentionAxes_AndRefusesBadAxes()
    {
        var mha = new MultiHeadAttention(2, 4, dropout: 0.1, outputShape: 6, useBias: false);

        string json = PythonJson.Serialize(KerasSerializer.Serialize(mha));

        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        string axes = PythonJson.Serialize(KerasSerializer.Serialize(new MultiHeadAttention(2, 4, attentionAxes: new[] { 1, 2 })));
        Assert.Contains("\"attention_axes\": [1, 2]", axes, StringComparison.Ordinal);
        Assert.Equal(axes, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(axes)))));
        Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 4, attentionAxes: "rows"));
        var bad = new MultiHeadAttention(2, 4, attentionAxes: new[] { 3 });
        Assert.Throws<ArgumentException>(() => bad.ComputeOutputShape([new Shape([null, 3, 4, 5]), new Shape([null, 3, 4, 5])]));
    }
}
