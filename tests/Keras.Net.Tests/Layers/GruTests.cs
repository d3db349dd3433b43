// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>GRU against Keras's gate equations (order z, r, h) evaluated by hand in double precision, both reset_after modes.</summary>
public sealed class GruTests : KerasTestBase
{
    private static readonly float[] K = [0.3f, -0.2f, 0.5f];   // kernel (1, 3): z r h
    private static readonly float[] U = [0.4f, 0.6f, -0.7f];   // recurrent (1, 3)
    private static readonly float[] B = [0.1f, -0.1f, 0.2f];   // input bias
    private static readonly float[] RB = [0.05f, 0.3f, -0.4f]; // recurrent bias (reset_after only)
    private static readonly double[] Xs = [1.0, -2.0, 0.5];

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void ResetAfter_MatchesTheEquations()
    {
        var gru = new GRU(1, returnSequences: true);
        gru.EnsureBuilt(new Shape([null, 3, 1]));
        gru.SetWeights([Ops.FromArray(K, [1, 3]), Ops.FromArray(U, [1, 3]), Ops.FromArray([.. B, .. RB], [2, 3])]);
        using Tensor x = Ops.FromArray(Xs.Select(v => (float)v).ToArray(), [1, 3, 1]);

        using Tensor y = gru.Apply(x);

        double h = 0;
        var expected = new List<float>();
        foreach (double xt in Xs)
        {
            double z = Sigmoid((xt * K[0]) + B[0] + (h * U[0]) + RB[0]);
            double r = Sigmoid((xt * K[1]) + B[1] + (h * U[1]) + RB[1]);
            double hh = Math.Tanh((xt * K[2]) + B[2] + (r * ((h * U[2]) + RB[2])));
            h = (z * h) + ((1 - z) * hh);
            expected.Add((float)h);
        }

        TensorAssert.Close([.. expected], y, 1e-6);
        Assert.Equal(Shape.Of(2, 3), gru.Bias!.Shape);
        Assert.Equal("gru/gru_cell/bias:0", gru.Bias.Name);
    }

    [Fact]
    public void ResetBefore_MatchesTheEquations_WithHardSigmoid()
    {
        var gru = new GRU(1, recurrentActivation: "hard_sigmoid", resetAfter: false);
        gru.EnsureBuilt(new Shape([null, 3, 1]));
        gru.SetWeights([Ops.FromArray(K, [1, 3]), Ops.FromArray(U, [1, 3]), Ops.FromArray(B, [3])]);
        using Tensor x = Ops.FromArray(Xs.Select(v => (float)v).ToArray(), [1, 3, 1]);

        using Tensor y = gru.Apply(x);

        static double Hard(double v) => Math.Clamp((0.2 * v) + 0.5, 0, 1);
        double h = 0;
        foreach (double xt in Xs)
        {
            double z = Hard((xt * K[0]) + B[0] + (h * U[0]));
            double r = Hard((xt * K[1]) + B[1] + (h * U[1]));
            double hh = Math.Tanh((xt * K[2]) + B[2] + (r * h * U[2]));
            h = (z * h) + ((1 - z) * hh);
        }

        TensorAssert.Close([(float)h], y, 1e-6);
        Assert.Equal(Shape.Of(3), gru.Bias!.Shape);
    }

    [Fact]
    public void Config_RoundTrips_BothModes()
    {
        foreach (Layer layer in new Layer[] { new GRU(4, resetAfter: false, returnState: true), new GRU(2, goBackwards: true) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }

        Assert.Contains("\"reset_after\": false", PythonJson.Serialize(new GRU(4, resetAfter: false).GetConfig()));
    }
}
