// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>SimpleRNN and LSTM against their recurrences evaluated by hand in double precision.</summary>
public sealed class RecurrentTests : KerasTestBase
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void Lstm_TwoSteps_MatchTheGateEquations_KerasOrderIFCO()
    {
        var lstm = new LSTM(2, returnSequences: true);
        lstm.EnsureBuilt(new Shape([null, 2, 1]));
        float[] k = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];          // (1, 8): i0 i1 f0 f1 c0 c1 o0 o1
        float[] u = Enumerable.Range(0, 16).Select(i => (i - 8) / 20f).ToArray(); // (2, 8)
        float[] b = [0.01f, 0.02f, 1f, 1f, -0.01f, 0.03f, 0.05f, -0.05f];
        lstm.SetWeights([Ops.FromArray(k, [1, 8]), Ops.FromArray(u, [2, 8]), Ops.FromArray(b, [8])]);
        double[] xs = [0.5, -1.0];

        var h = new double[2];
        var c = new double[2];
        var expected = new List<float>();
        foreach (double x in xs)
        {
            var z = new double[8];
            for (int j = 0; j < 8; j++)
            {
                z[j] = (x * k[j]) + (h[0] * u[j]) + (h[1] * u[8 + j]) + b[j];
            }

            var hn = new double[2];
            for (int n = 0; n < 2; n++)
            {
                double i = Sigmoid(z[n]), f = Sigmoid(z[2 + n]), g = Math.Tanh(z[4 + n]), o = Sigmoid(z[6 + n]);
                c[n] = (f * c[n]) + (i * g);
                hn[n] = o * Math.Tanh(c[n]);
            }

            h = hn;
            expected.AddRange(h.Select(v => (float)v));
        }

        using Tensor input = Ops.FromArray(xs.Select(v => (float)v).ToArray(), [1, 2, 1]);
        using Tensor y = lstm.Apply(input);

        TensorAssert.Shape(y, 1, 2, 2);
        TensorAssert.Close(expected.ToArray(), y, 1e-6);
        Assert.Equal(["lstm/lstm_cell/kernel:0", "lstm/lstm_cell/recurrent_kernel:0", "lstm/lstm_cell/bias:0"], lstm.Weights.Select(w => w.Name));
    }

    [Fact]
    public void Lstm_UnitForgetBias_InitializesForgetGateToOne()
    {
        var lstm = new LSTM(3);
        lstm.EnsureBuilt(new Shape([null, 4, 2]));

        Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f], lstm.Bias!.ToArray());
    }

    [Fact]
    public void SimpleRnn_GoBackwards_ReturnState_AndMask()
    {
        var rnn = new SimpleRNN(1, activation: "linear", goBackwards: true, returnState: true, kernelInitializer: "ones", recurrentInitializer: new Keras.Net.Initializers.Constant(0.5), biasInitializer: "zeros");
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

        IReadOnlyList<Tensor> outs = rnn.ApplyMulti([x]);

        // Backwards: h = 3; h = 2 + 0.5*3 = 3.5; h = 1 + 0.5*3.5 = 2.75.
        TensorAssert.Close([2.75f], outs[0]);
        TensorAssert.Close([2.75f], outs[1]);

        var masked = new SimpleRNN(1, activation: "linear", kernelInitializer: "ones", recurrentInitializer: new Keras.Net.Initializers.Constant(0.5), biasInitializer: "zeros");
        using Tensor mask = Ops.NotEqual(Ops.FromArray([1f, 0f, 1f], [1, 3]), 0.0);
        IReadOnlyList<Tensor> m = masked.Invoke([x], [mask], false, out _);
        // Step 2 is masked: h = 1; h stays 1; h = 3 + 0.5 = 3.5.
        TensorAssert.Close([3.5f], m[0]);
    }

    [Fact]
    public void ReturnSequences_MaskedSteps_RepeatThePreviousOutput_OrZeroWhenAsked()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);
        using Tensor mask = Ops.NotEqual(Ops.FromArray([1f, 0f, 1f], [1, 3]), 0.0);
        SimpleRNN Make(bool zero) => new(1, activation: "linear", returnSequences: true, zeroOutputForMask: zero, kernelInitializer: "ones", recurrentInitializer: new Keras.Net.Initializers.Constant(0.5), biasInitializer: "zeros");

        IReadOnlyList<Tensor> carried = Make(false).Invoke([x], [mask], false, out _);
        IReadOnlyList<Tensor> zeroed = Make(true).Invoke([x], [mask], false, out _);

        // h1 = 1; step 2 masked; h3 = 3 + 0.5 * 1 = 3.5.
        TensorAssert.Close([1f, 1f, 3.5f], carried[0]);
        TensorAssert.Close([1f, 0f, 3.5f], zeroed[0]);
    }

    [Fact]
    public void Configs_RoundTrip()
    {
        foreach (Layer layer in new Layer[] { new LSTM(4, recurrentActivation: "hard_sigmoid", returnSequences: true, dropout: 0.1), new SimpleRNN(3, goBackwards: true) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
