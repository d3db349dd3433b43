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
}
