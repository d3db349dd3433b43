// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Masking -> LSTM files written by Keras 2.2 (.h5, hard_sigmoid gates) and Keras 3.8 (.keras): on a 2-sample batch
/// with fully masked steps the output is (batch, units), and its values equal an LSTM computed here by the formula
/// from the file's own weights (plain arrays, not the library's layers): a masked step keeps the previous state.
/// </summary>
public sealed class MaskedLstmFixtureTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("keras2-h5/k220_seq_masking_lstm_notrain.h5", true)]
    [InlineData("keras3/k380_seq_masking_lstm_nocompile.keras", false)]
    public void MaskedSteps_KeepTheState_AndTheOutputIsBatchByUnits(string file, bool hardSigmoid)
    {
        Model model = Model.Load(Fixtures.PathOf(file), compile: false);
        var lstm = (LSTM)model.Layers.Single(l => l is LSTM);
        long steps = model.Inputs[0].Shape[1]!.Value, features = model.Inputs[0].Shape[2]!.Value;

        // Sample 0: its last step is all zeros (masked). Sample 1: its second step is (masked in the middle).
        float[] x = new float[2 * steps * features];
        var random = new Random(7);
        for (int i = 0; i < x.Length; i++)
        {
            long sample = i / (steps * features), step = i / features % steps;
            bool masked = (sample == 0 && step == steps - 1) || (sample == 1 && step == 1);
            x[i] = masked ? 0f : (float)((random.NextDouble() * 2) - 1);
        }

        using Tensor input = Ops.FromArray(x, [2, steps, features]);
        using Tensor output = model.Predict(input);

        Assert.Equal(new long[] { 2, lstm.Units }, Ops.ShapeOf(output).ToArray());
        float[] expected = ByFormula(x, 2, (int)steps, (int)features, lstm.Units, lstm.Weights[0].ToArray(), lstm.Weights[1].ToArray(), lstm.Weights[2].ToArray(), hardSigmoid);
        TensorAssert.Close(expected, output, 1e-5f);
    }

    /// <summary>Keras's LSTM (gates i, f, c, o) with Masking(0.0): a step whose features are all 0 leaves h and c unchanged.</summary>
    private static float[] ByFormula(float[] x, int batch, int steps, int features, int units, float[] kernel, float[] recurrent, float[] bias, bool hardSigmoid)
    {
        double Gate(double v) => hardSigmoid ? Math.Clamp((0.2 * v) + 0.5, 0, 1) : 1 / (1 + Math.Exp(-v));
        var result = new float[batch * units];
        for (int b = 0; b < batch; b++)
        {
            var h = new double[units];
            var c = new double[units];
            for (int t = 0; t < steps; t++)
            {
                int at = ((b * steps) + t) * features;
                if (Enumerable.Range(0, features).All(f => x[at + f] == 0f))
                {
                    continue;
                }

                var z = new double[4 * units];
                for (int j = 0; j < 4 * units; j++)
                {
                    double sum = bias[j];
                    for (int f = 0; f < features; f++)
                    {
                        sum += x[at + f] * kernel[(f * 4 * units) + j];
                    }

                    for (int u = 0; u < units; u++)
                    {
                        sum += h[u] * recurrent[(u * 4 * units) + j];
                    }

                    z[j] = sum;
                }

                for (int u = 0; u < units; u++)
                {
                    double i = Gate(z[u]), f = Gate(z[units + u]), candidate = Math.Tanh(z[(2 * units) + u]), o = Gate(z[(3 * units) + u]);
                    c[u] = (f * c[u]) + (i * candidate);
                    h[u] = o * Math.Tanh(c[u]);
                }
            }

            for (int u = 0; u < units; u++)
            {
                result[(b * units) + u] = (float)h[u];
            }
        }

        return result;
    }
}
