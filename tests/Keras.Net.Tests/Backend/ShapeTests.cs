// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Tests.Backend;

public sealed class ShapeTests
{
    [Fact]
    public void ToString_PrintsPythonTuples()
    {
        Assert.Equal("(None, 784)", new Shape([null, 784]).ToString());
        Assert.Equal("(3,)", Shape.Of(3).ToString());
        Assert.Equal("()", Shape.Scalar.ToString());
    }

    [Fact]
    public void Equality_NumElements_AndHelpers()
    {
        Shape s = [null, 2, 3];

        Assert.Equal(new Shape([null, 2, 3]), s);
        Assert.Null(s.NumElements());
        Assert.Equal(6, s.DropFirst().NumElements());
        Assert.Equal(new Shape([4, 2, 3]), s.With(0, 4));
        Assert.Equal(new Shape([1, null, 2, 3]), s.Prepend(1));
        Assert.False(s.IsFullyDefined);
        Assert.Throws<InvalidOperationException>(() => s.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shape([-1]));
    }
}
