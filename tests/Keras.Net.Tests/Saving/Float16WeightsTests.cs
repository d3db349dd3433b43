// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// float16 policies: a real Keras 3 <c>.keras</c> whose layers use the <c>float16</c> DTypePolicy (wild 047: three
/// causal Conv1D, GlobalAveragePooling1D, Dense(1) named dense_7, Reshape) stores its variables as HDF5 16-bit floats, and Keras
/// autocasts the float32 input to float16 at each layer.
/// </summary>
public sealed class Float16WeightsTests : KerasTestBase
{
    private static string File047 => Path.Combine(Fixtures.PathOf("wild"), "files", "047_Albert0sans_dl_cnn.keras");

    [FixtureFact]
    public void Float16Variables_ReadWithTheValuesH5DumpShows()
    {
        using Model model = Model.Load(File047, compile: false);

        Variable kernel = model.GetLayer("conv1d").Weights[0];

        // h5dump -d /layers/conv1d/vars/0 model.weights.h5: "16-bit little-endian floating-point", (3, 23, 64),
        // first values -0.0686646, 0.0178986, 0.00300407, 0.115417, 1.88867, -0.0223083 (6 significant digits).
        Assert.Equal(DType.Float16, kernel.DType);
        Assert.Equal(new Shape([3, 23, 64]), kernel.Shape);
        float[] values = kernel.ToArray();
        double[] dumped = [-0.0686646, 0.0178986, 0.00300407, 0.115417, 1.88867, -0.0223083];
        for (int i = 0; i < dumped.Length; i++)
        {
            Assert.Equal(dumped[i], values[i], Math.Abs(dumped[i]) * 1e-5);
        }
    }

    [FixtureFact]
    public void Float16Model_PredictsTheFormulaOnItsWeights()
    {
        using Model model = Model.Load(File047, compile: false);
        const int steps = 500, features = 23;
        using Tensor x = Ops.RandomUniform([2, steps, features], seed: 3);
        float[] input = Ops.ToFloatArray(x);

        using Tensor y = model.Predict(x);

        // The same network in float64 on the (exactly widened) float16 weights: causal Conv1D pads 2 steps on the left.
        double[][] h = Enumerable.Range(0, 2).Select(b => input.Skip(b * steps * features).Take(steps * features).Select(v => (double)v).ToArray()).ToArray();
        int channels = features;
        foreach (string conv in new[] { "conv1d", "conv1d_1", "conv1d_2" })
        {
            float[] w = model.GetLayer(conv).Weights[0].ToArray(), bias = model.GetLayer(conv).Weights[1].ToArray();
            int filters = bias.Length;
            h = h.Select(seq => CausalConvRelu(seq, steps, channels, filters, w, bias)).ToArray();
            channels = filters;
        }

        float[] dw = model.GetLayer("dense_7").Weights[0].ToArray(), db = model.GetLayer("dense_7").Weights[1].ToArray();
        double[] want = h.Select(seq =>
        {
            double dot = db[0];
            for (int c = 0; c < channels; c++)
            {
                dot += dw[c] * Enumerable.Range(0, steps).Average(t => seq[(t * channels) + c]);
            }

            return dot;
        }).ToArray();

        Assert.Equal(new Shape([2, 1, 1]), Ops.ShapeOf(y));
        float[] got = Ops.ToFloatArray(y);
        for (int b = 0; b < 2; b++)
        {
            // float16 math keeps about 3 significant digits through four layers.
            Assert.Equal(want[b], got[b], Math.Max(2e-2, Math.Abs(want[b]) * 2e-2));
        }
    }

    [Fact]
    public void Float16Layer_AutocastsAFloat32Input_AndLeavesIntegersAlone()
    {
        var dense = new Dense(1, kernelInitializer: "ones", dtype: "float16");
        using Tensor x = Ops.FromArray([0.5f, 0.25f, 1.5f, 2f], [2, 2]);

        using Tensor y = dense.Apply(x);

        Assert.Equal(DType.Float16, Ops.DTypeOf(y));
        TensorAssert.Close([0.75f, 3.5f], Ops.Cast(y, DType.Float32));

        var embedding = new Embedding(4, 2, dtype: "float16");
        using Tensor ids = Ops.FromArray([1L, 3L], [2]);
        using Tensor e = embedding.Apply(ids);
        Assert.Equal(DType.Float16, Ops.DTypeOf(e));
    }

    [Fact]
    public void Float32Layer_CastsAFloat64InputDown_AsKerasAutocastDoes()
    {
        var dense = new Dense(1, kernelInitializer: "ones");
        using Tensor x = Ops.Cast(Ops.FromArray([1f, 2f], [1, 2]), DType.Float64);

        using Tensor y = dense.Apply(x);

        Assert.Equal(DType.Float32, Ops.DTypeOf(y));
        TensorAssert.Close([3f], y);
    }

    private static double[] CausalConvRelu(double[] seq, int steps, int inC, int outC, float[] w, float[] bias)
    {
        var result = new double[steps * outC];
        for (int t = 0; t < steps; t++)
        {
            for (int o = 0; o < outC; o++)
            {
                double sum = bias[o];
                for (int k = 0; k < 3; k++)
                {
                    int src = t + k - 2;
                    if (src < 0)
                    {
                        continue;
                    }

                    for (int i = 0; i < inC; i++)
                    {
                        sum += seq[(src * inC) + i] * w[(((k * inC) + i) * outC) + o];
                    }
                }

                result[(t * outC) + o] = Math.Max(0, sum);
            }
        }

        return result;
    }
}
