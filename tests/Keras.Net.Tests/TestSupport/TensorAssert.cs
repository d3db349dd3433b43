// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Tests.TestSupport;

/// <summary>Tensor comparisons against independently computed values.</summary>
public static class TensorAssert
{
    public static void Close(float[] expected, Tensor actual, double atol = 1e-5)
    {
        float[] got = Ops.ToFloatArray(actual);
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - got[i]) <= atol, $"element {i}: expected {expected[i]}, got {got[i]}");
        }
    }

    public static void Equal(Tensor expected, Tensor actual, double atol = 0)
    {
        Assert.Equal(Ops.ShapeOf(expected), Ops.ShapeOf(actual));
        Close(Ops.ToFloatArray(expected), actual, atol);
    }

    public static void Shape(Tensor actual, params long[] dims) => Assert.Equal(Keras.Net.Shape.Of(dims), Ops.ShapeOf(actual));
}
