// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Keras 1.2 RMSprop state of an LSTM model (keras1-h5/k122_*_seq_lstm_rmsprop.h5, TensorFlow and Theano backends):
/// one accumulator per Keras 1 weight, ordered by weight name (dense_1_W, dense_1_b, lstm_1_U_c, U_f, U_i, U_o, W_c,
/// W_f, W_i, W_o, b_c, b_f, b_i, b_o: the shapes in the file follow that order), merged into the Keras 2 LSTM's
/// kernel columns in gate order i, f, c, o as the weights are.
/// </summary>
public sealed class Keras1OptimizerStateTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("keras1-h5/k122_tf_seq_lstm_rmsprop.h5", "Variable_{0}:0", 4)]
    [InlineData("keras1-h5/k122_theano_seq_lstm_rmsprop.h5", "param_{0}", 0)]
    public void Keras1RmspropAccumulators_LandOnTheMergedLstmWeights(string file, string nameFormat, int first)
    {
        string path = Fixtures.PathOf(file);
        float[] Saved(int sortedIndex)
        {
            using var h5 = H5File.OpenRead(path);
            return h5.Dataset("optimizer_weights/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, nameFormat, first + sortedIndex)).Read<float[]>();
        }

        using Model model = Model.Load(path);

        var rms = model.Optimizer!;
        Variable denseKernel = model.GetLayer("dense_1").Weights[0];
        Variable lstmKernel = model.GetLayer("lstm_1").Weights[0], recurrent = model.GetLayer("lstm_1").Weights[1], bias = model.GetLayer("lstm_1").Weights[2];
        Assert.Equal(Saved(0), rms.SlotsFor(denseKernel)[0].ToArray());

        // kernel (1, 200): columns i | f | c | o from W_i (8), W_f (7), W_c (6), W_o (9).
        float[] kernel = rms.SlotsFor(lstmKernel)[0].ToArray();
        Assert.Equal([.. Saved(8), .. Saved(7), .. Saved(6), .. Saved(9)], kernel);
        Assert.Contains(kernel, v => v != 0);

        // recurrent (50, 200): row r holds U_i[r], U_f[r], U_c[r], U_o[r]; bias from b_i (12), b_f (11), b_c (10), b_o (13).
        float[] u = rms.SlotsFor(recurrent)[0].ToArray();
        float[] ui = Saved(4), uf = Saved(3), uc = Saved(2), uo = Saved(5);
        for (int r = 0; r < 50; r++)
        {
            Assert.Equal([.. ui.Skip(r * 50).Take(50), .. uf.Skip(r * 50).Take(50), .. uc.Skip(r * 50).Take(50), .. uo.Skip(r * 50).Take(50)], u.Skip(r * 200).Take(200));
        }

        Assert.Equal([.. Saved(12), .. Saved(11), .. Saved(10), .. Saved(13)], rms.SlotsFor(bias)[0].ToArray());
    }
}
