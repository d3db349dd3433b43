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
}
