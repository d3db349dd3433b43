// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Optimizers;

namespace Keras.Net.Tests.Optimizers;

/// <summary>
/// Each optimizer against Keras's update rule written out here in plain double arithmetic, for three steps
/// with fixed gradients.
/// </summary>
public sealed class OptimizerMathTests
{
    private static readonly double[] W0 = [0.5, -1.5];
    private static readonly double[][] Grads = [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.25]];

    private static double[] Run(Optimizer optimizer)
    {
        using var w = new Variable(Ops.FromArray(W0.Select(v => (float)v).ToArray(), [2]), name: "w");
        foreach (double[] g in Grads)
        {
            using Tensor grad = Ops.FromArray(g.Select(v => (float)v).ToArray(), [2]);
            optimizer.ApplyGradients([grad], [w]);
        }

        Assert.Equal(3, optimizer.Iterations);
        return w.ToArray().Select(v => (double)v).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + (1e-5 * Math.Abs(expected[i])), $"w[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    private static double[] Reference(Func<int, double, double, double[], double> update, int slots)
    {
        double[] w = (double[])W0.Clone();
        var state = new double[w.Length][];
        for (int i = 0; i < w.Length; i++)
        {
            state[i] = new double[slots];
        }

        for (int t = 1; t <= Grads.Length; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] += update(t, Grads[t - 1][i], w[i], state[i]);
            }
        }

        return w;
    }

    [Fact]
    public void SGD_Plain() =>
        AssertClose(Reference((t, g, w, s) => -0.01 * g, 0), Run(new SGD()));

    [Fact]
    public void SGD_Momentum()
    {
        double[] expected = Reference((t, g, w, s) => { s[0] = (0.9 * s[0]) - (0.1 * g); return s[0]; }, 1);
        AssertClose(expected, Run(new SGD(0.1, momentum: 0.9)));
    }

    [Fact]
    public void SGD_Nesterov()
    {
        double[] expected = Reference((t, g, w, s) => { s[0] = (0.9 * s[0]) - (0.1 * g); return (0.9 * s[0]) - (0.1 * g); }, 1);
        AssertClose(expected, Run(new SGD(0.1, momentum: 0.9, nesterov: true)));
    }

    private static double AdamStep(int t, double g, double[] s, double lr, bool amsgrad)
    {
        const double B1 = 0.9, B2 = 0.999, Eps = 1e-7;
        s[0] += (g - s[0]) * (1 - B1);
        s[1] += ((g * g) - s[1]) * (1 - B2);
        double v = s[1];
        if (amsgrad)
        {
            s[2] = Math.Max(s[2], s[1]);
            v = s[2];
        }

        double alpha = lr * Math.Sqrt(1 - Math.Pow(B2, t)) / (1 - Math.Pow(B1, t));
        return -alpha * s[0] / (Math.Sqrt(v) + Eps);
    }

    [Fact]
    public void Adam_DefaultsAndAmsgrad()
    {
        AssertClose(Reference((t, g, w, s) => AdamStep(t, g, s, 0.01, false), 3), Run(new Adam(0.01)));
        AssertClose(Reference((t, g, w, s) => AdamStep(t, g, s, 0.01, true), 3), Run(new Adam(0.01, amsgrad: true)));
    }

    [Fact]
    public void AdamW_DecaysBeforeTheAdamStep()
    {
        double[] expected = Reference((t, g, w, s) =>
        {
            double decayed = w - (w * 0.1 * 0.01);
            return decayed - w + AdamStep(t, g, s, 0.01, false);
        }, 3);
        AssertClose(expected, Run(new AdamW(0.01, weightDecay: 0.1)));
    }

    [Fact]
    public void RMSprop_PlainCenteredAndMomentum()
    {
        static double Step(double g, double[] s, bool centered, double momentum)
        {
            const double Rho = 0.9, Eps = 1e-7, Lr = 0.01;
            s[0] = (Rho * s[0]) + ((1 - Rho) * g * g);
            double denominator = s[0] + Eps;
            if (centered)
            {
                s[2] = (Rho * s[2]) + ((1 - Rho) * g);
                denominator = s[0] - (s[2] * s[2]) + Eps;
            }

            double increment = Lr * g / Math.Sqrt(denominator);
            if (momentum > 0)
            {
                s[1] = (momentum * s[1]) + increment;
                return -s[1];
            }

            return -increment;
        }

        AssertClose(Reference((t, g, w, s) => Step(g, s, false, 0), 3), Run(new RMSprop(0.01)));
        AssertClose(Reference((t, g, w, s) => Step(g, s, true, 0), 3), Run(new RMSprop(0.01, centered: true)));
        AssertClose(Reference((t, g, w, s) => Step(g, s, false, 0.5), 3), Run(new RMSprop(0.01, momentum: 0.5)));
    }

    [Fact]
    public void Adagrad_StartsAccumulatorAt0Point1()
    {
        double[] expected = Reference((t, g, w, s) =>
        {
            if (t == 1)
            {
                s[0] = 0.1;
            }

            s[0] += g * g;
            return -0.05 * g / Math.Sqrt(s[0] + 1e-7);
        }, 1);
        AssertClose(expected, Run(new Adagrad(0.05)));
    }

    [Fact]
    public void Adadelta()
    {
        double[] expected = Reference((t, g, w, s) =>
        {
            const double Rho = 0.95, Eps = 1e-7;
            s[0] = (Rho * s[0]) + ((1 - Rho) * g * g);
            double delta = -Math.Sqrt(s[1] + Eps) / Math.Sqrt(s[0] + Eps) * g;
            s[1] = (Rho * s[1]) + ((1 - Rho) * delta * delta);
            return 1.0 * delta;
        }, 2);
        AssertClose(expected, Run(new Adadelta(1.0)));
    }

    [Fact]
    public void Adamax()
    {
        double[] expected = Reference((t, g, w, s) =>
        {
            s[0] += (g - s[0]) * (1 - 0.9);
            s[1] = Math.Max(0.999 * s[1], Math.Abs(g));
            return -0.01 * s[0] / ((1 - Math.Pow(0.9, t)) * (s[1] + 1e-7));
        }, 2);
        AssertClose(expected, Run(new Adamax(0.01)));
    }

    [Fact]
    public void Nadam()
    {
        double product = 1.0;
        int productStep = 0;
        double U(int t) => 0.9 * (1 - (0.5 * Math.Pow(0.96, t)));
        double[] expected = Reference((t, g, w, s) =>
        {
            if (productStep < t)
            {
                product *= U(t);
                productStep = t;
            }

            double uT = U(t), uT1 = U(t + 1), pT = product, pT1 = product * uT1;
            s[0] += (g - s[0]) * 0.1;
            s[1] += ((g * g) - s[1]) * 0.001;
            double mHat = (uT1 * s[0] / (1 - pT1)) + ((1 - uT) * g / (1 - pT));
            double vHat = s[1] / (1 - Math.Pow(0.999, t));
            return -(mHat * 0.01) / (Math.Sqrt(vHat) + 1e-7);
        }, 2);
        AssertClose(expected, Run(new Nadam(0.01)));
    }

    [Fact]
    public void Clipnorm_ScalesEachGradientToTheNorm()
    {
        double[] expected = Reference((t, g, w, s) =>
        {
            double norm = Math.Sqrt(Grads[t - 1].Sum(v => v * v));
            return -0.1 * g * (norm > 0.1 ? 0.1 / norm : 1);
        }, 0);
        AssertClose(expected, Run(new SGD(0.1, clipnorm: 0.1)));
    }

    [Fact]
    public void Clipvalue_ClipsEachElement() =>
        AssertClose(Reference((t, g, w, s) => -0.1 * Math.Clamp(g, -0.15, 0.15), 0), Run(new SGD(0.1, clipvalue: 0.15)));

    [Fact]
    public void GlobalClipnorm_ScalesAllGradientsTogether()
    {
        using var a = new Variable(Ops.FromArray([1f], [1]), name: "a");
        using var b = new Variable(Ops.FromArray([1f], [1]), name: "b");
        using Tensor ga = Ops.FromArray([3f], [1]);
        using Tensor gb = Ops.FromArray([4f], [1]);

        new SGD(1.0, globalClipnorm: 1.0).ApplyGradients([ga, gb], [a, b]);

        // Global norm 5 -> gradients scaled by 1/5.
        Assert.Equal(1 - 0.6, a.ToArray()[0], 5);
        Assert.Equal(1 - 0.8, b.ToArray()[0], 5);
    }

    [Fact]
    public void OnlyOneClippingOption_IsAllowed()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SGD(clipnorm: 1, clipvalue: 1));

        Assert.Contains("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set", ex.Message);
    }

    [Fact]
    public void Schedule_DrivesTheLearningRatePerStep()
    {
        var schedule = new Keras.Net.Optimizers.Schedules.PiecewiseConstantDecay([1], [0.1, 0.01]);
        // Steps 0 and 1 use 0.1, step 2 uses 0.01 (the schedule sees the count of updates applied so far).
        double[] expected = Reference((t, g, w, s) => -(t <= 2 ? 0.1 : 0.01) * g, 0);
        AssertClose(expected, Run(new SGD(schedule: schedule)));
    }

    [Fact]
    public void Variables_AreIterationLearningRateThenSlotsInKerasOrder()
    {
        var adam = new Adam();
        using var k = new Variable(Ops.Zeros([2, 2]), name: "dense/kernel");
        using var b = new Variable(Ops.Zeros([2]), name: "dense/bias");

        adam.Build([k, b]);

        Assert.Equal(["iteration", "learning_rate", "Adam/m/dense/kernel", "Adam/v/dense/kernel", "Adam/m/dense/bias", "Adam/v/dense/bias"], adam.Variables.Select(v => v.Path));
        Assert.Equal(Keras.Net.Backend.DType.Int64, adam.Variables[0].DType);
        var rms = new RMSprop(momentum: 0.5);
        rms.Build([k, b]);
        Assert.Equal(["iteration", "learning_rate", "RMSprop/rms/dense/kernel", "RMSprop/rms/dense/bias", "RMSprop/momentum/dense/kernel", "RMSprop/momentum/dense/bias"], rms.Variables.Select(v => v.Path));
    }

    [Fact]
    public void LearningRate_SetUpdatesVariable_AndIsRefusedUnderASchedule()
    {
        var sgd = new SGD(0.1);
        sgd.LearningRate = 0.05;
        Assert.Equal(0.05, Ops.ToScalar(sgd.LearningRateVariable!.Value), 6);

        var scheduled = new SGD(schedule: new Keras.Net.Optimizers.Schedules.ExponentialDecay(0.1, 10, 0.5));
        Assert.Throws<InvalidOperationException>(() => scheduled.LearningRate = 0.2);
    }

    [Theory]
    [InlineData("adam", typeof(Adam))]
    [InlineData("SGD", typeof(SGD))]
    [InlineData("rmsprop", typeof(RMSprop))]
    [InlineData("adamw", typeof(AdamW))]
    [InlineData("Adagrad", typeof(Adagrad))]
    [InlineData("adadelta", typeof(Adadelta))]
    [InlineData("adamax", typeof(Adamax))]
    [InlineData("nadam", typeof(Nadam))]
    public void Get_ByName(string name, Type expected) => Assert.IsType(expected, Optimizer.Get(name));

    [Fact]
    public void Defaults_AreKeras()
    {
        var adam = new Adam();
        Assert.Equal(0.001, adam.LearningRate);
        Assert.Equal(1e-7, adam.Epsilon);
        var rms = new RMSprop();
        Assert.Equal(0.9, rms.Rho);
        Assert.Equal(0.01, new SGD().LearningRate);
        Assert.Equal(0.95, new Adadelta().Rho);
        Assert.Equal(0.1, new Adagrad().InitialAccumulatorValue);
        Assert.Equal(0.004, new AdamW().WeightDecay);
        Assert.Throws<ArgumentException>(() => Optimizer.Get("nope"));
    }
}
