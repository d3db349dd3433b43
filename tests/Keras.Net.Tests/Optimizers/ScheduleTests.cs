// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Optimizers.Schedules;

namespace Keras.Net.Tests.Optimizers;

public sealed class ScheduleTests
{
    [Fact]
    public void ExponentialDecay_ContinuousAndStaircase()
    {
        var smooth = new ExponentialDecay(0.1, 10, 0.5);
        var stairs = new ExponentialDecay(0.1, 10, 0.5, staircase: true);

        Assert.Equal(0.1, smooth.Call(0), 12);
        Assert.Equal(0.1 * Math.Pow(0.5, 0.5), smooth.Call(5), 12);
        Assert.Equal(0.1, stairs.Call(9), 12);
        Assert.Equal(0.05, stairs.Call(10), 12);
    }

    [Fact]
    public void PiecewiseConstantDecay_BoundariesAreInclusive()
    {
        var s = new PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1]);

        Assert.Equal(1.0, s.Call(100));
        Assert.Equal(0.5, s.Call(101));
        Assert.Equal(0.5, s.Call(200));
        Assert.Equal(0.1, s.Call(201));
        Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([1], [1.0]));
    }

    [Fact]
    public void CosineDecay_HalfwayAndAfterTheEnd()
    {
        var s = new CosineDecay(1.0, 100, alpha: 0.1);

        Assert.Equal(1.0, s.Call(0), 12);
        Assert.Equal((0.9 * 0.5) + 0.1, s.Call(50), 12);
        Assert.Equal(0.1, s.Call(100), 12);
        Assert.Equal(0.1, s.Call(1000), 12);
    }

    [Fact]
    public void CosineDecay_WithKeras3Warmup_RisesLinearlyThenDecaysFromTheTarget()
    {
        var s = new CosineDecay(0.0, 100, alpha: 0.0, warmupTarget: 1.0, warmupSteps: 10);

        // Linear from 0 to 1 over 10 steps, then cos decay of 1 over 100 steps (halfway at step 60), floor after 110.
        Assert.Equal(0.0, s.Call(0), 12);
        Assert.Equal(0.5, s.Call(5), 12);
        Assert.Equal(1.0, s.Call(10), 12);
        Assert.Equal(0.5, s.Call(60), 12);
        Assert.Equal(0.0, s.Call(110), 12);
        Assert.Equal(0.0, s.Call(500), 12);
    }

    [Fact]
    public void CosineDecay_Keras3Config_WithWarmupFieldsAndName_Loads()
    {
        var config = (System.Text.Json.Nodes.JsonObject)Keras.Net.Serialization.PythonJson.Parse("""
            {"module": "keras.optimizers.schedules", "class_name": "CosineDecay", "config": {"initial_learning_rate": 0.0, "decay_steps": 100, "alpha": 0.0, "name": "CosineDecay", "warmup_target": 1.0, "warmup_steps": 10}, "registered_name": null}
            """);

        var s = Keras.Net.Serialization.KerasSerializer.Deserialize<LearningRateSchedule>(config);

        Assert.Equal(0.5, s.Call(60), 12);
        Assert.Equal(1.0, ((CosineDecay)s).WarmupTarget);
    }

    [Fact]
    public void PolynomialDecay_LinearAndSquare_StopsAtTheEnd()
    {
        var linear = new PolynomialDecay(1.0, 100, endLearningRate: 0.0);
        var square = new PolynomialDecay(1.0, 100, endLearningRate: 0.1, power: 2);

        // (1 - 0.1) * (1 - 50/100)^2 + 0.1 = 0.325.
        Assert.Equal(0.5, linear.Call(50), 12);
        Assert.Equal(0.0, linear.Call(500), 12);
        Assert.Equal(0.325, square.Call(50), 12);
        Assert.Equal(0.1, square.Call(100), 12);
    }

    [Fact]
    public void PolynomialDecay_Cycle_StretchesTheHorizonToTheNextMultiple()
    {
        var s = new PolynomialDecay(1.0, 100, endLearningRate: 0.0, cycle: true);

        // Step 150: horizon 200, rate 1 - 150/200 = 0.25; step 0 keeps horizon 100.
        Assert.Equal(1.0, s.Call(0), 12);
        Assert.Equal(0.0, s.Call(100), 12);
        Assert.Equal(0.25, s.Call(150), 12);
    }

    [Fact]
    public void CosineDecayRestarts_RestartsWithLongerPeriodsAndSmallerPeaks()
    {
        var s = new CosineDecayRestarts(1.0, 10, tMul: 2.0, mMul: 0.5, alpha: 0.0);

        // Periods [0, 10), [10, 30), [30, 70): peaks 1, 0.5, 0.25; halfway through period 2 (step 20) 0.5 * 0.5.
        Assert.Equal(1.0, s.Call(0), 12);
        Assert.Equal(0.5, s.Call(5), 12);
        Assert.Equal(0.5, s.Call(10), 12);
        Assert.Equal(0.25, s.Call(20), 12);
        Assert.Equal(0.25, s.Call(30), 12);
        Assert.Equal(0.125 * (1 + Math.Cos(Math.PI * 0.25)), s.Call(40), 12);
    }

    [Fact]
    public void CosineDecayRestarts_EqualPeriods_WhenTMulIsOne()
    {
        var s = new CosineDecayRestarts(2.0, 4, tMul: 1.0, mMul: 1.0, alpha: 0.5);

        // Multiplier (1 - 0.5) * 0.5 * (1 + cos(pi * 2/4)) + 0.5 = 0.75 at 2, 6, 10.
        Assert.Equal(1.5, s.Call(2), 12);
        Assert.Equal(1.5, s.Call(6), 12);
        Assert.Equal(2.0, s.Call(8), 12);
    }

    [Theory]
    [InlineData("""{"module": "keras.optimizers.schedules", "class_name": "PolynomialDecay", "config": {"initial_learning_rate": 1.0, "decay_steps": 100, "end_learning_rate": 0.0, "power": 1.0, "cycle": false, "name": "PolynomialDecay"}, "registered_name": null}""", 50, 0.5)]
    [InlineData("""{"class_name": "CosineDecayRestarts", "config": {"initial_learning_rate": 1.0, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 0.5, "alpha": 0.0, "name": "SGDRDecay"}}""", 20, 0.25)]
    [InlineData("""{"module": "keras.optimizers.schedules", "class_name": "PiecewiseConstantDecay", "config": {"boundaries": [100, 200], "values": [1.0, 0.5, 0.1], "name": "PiecewiseConstant"}, "registered_name": null}""", 150, 0.5)]
    public void ScheduleConfigs_AsKeras3AndTfKerasWriteThem_Load(string json, long step, double rate)
    {
        var config = (System.Text.Json.Nodes.JsonObject)Keras.Net.Serialization.PythonJson.Parse(json);

        var s = Keras.Net.Serialization.KerasSerializer.Deserialize<LearningRateSchedule>(config);

        Assert.Equal(rate, s.Call(step), 12);
    }

    [Fact]
    public void NonPositiveStepCounts_AreRefusedNamingTheKerasArgument()
    {
        Assert.Contains("`decay_steps` must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.5)).Message, StringComparison.Ordinal);
        Assert.Contains("`decay_steps` must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.1, -1, 0.5)).Message, StringComparison.Ordinal);
        Assert.Contains("`decay_steps` must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("`decay_steps` must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("`first_decay_steps` must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecayRestarts(0.1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("`t_mul` must be > 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecayRestarts(0.1, 10, tMul: 0)).Message, StringComparison.Ordinal);
    }
}
