// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests;

public sealed class OpsArrayCopyTests : KerasTestBase
{
    [Fact]
    public void CopyToArray_WritesRowMajorElementsIntoTheGivenArray()
    {
        using Tensor x = Ops.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var target = new float[6];

        Ops.CopyToArray(x, target);

        Assert.Equal([1f, 2, 3, 4, 5, 6], target);
    }

    [Fact]
    public void CopyToArray_RefusesAWrongLengthOrElementType()
    {
        using Tensor x = Ops.FromArray(new float[] { 1, 2 }, [2]);

        Assert.Throws<ArgumentException>(() => Ops.CopyToArray(x, new float[3]));
        Assert.Throws<ArgumentException>(() => Ops.CopyToArray(x, new double[2]));
    }

    [Fact]
    public void CopyFromArray_OverwritesInPlace_AndConvertsAnotherElementType()
    {
        using Tensor x = Ops.Zeros([2, 2]);

        Ops.CopyFromArray(x, new float[] { 1, 2, 3, 4 });
        Assert.Equal([1f, 2, 3, 4], Ops.ToFloatArray(x));

        Ops.CopyFromArray(x, new double[] { 0.5, 1.5, 2.5, 3.5 });
        Assert.Equal([0.5f, 1.5f, 2.5f, 3.5f], Ops.ToFloatArray(x));
    }

    [Fact]
    public void FillInPlace_WritesStraightIntoTheStorageOfAContiguousCpuTensor()
    {
        using Tensor x = Ops.Zeros([3]);
        using Tensor view = Ops.Alias(x);

        Ops.FillInPlace<float>(x, m => new float[] { 7, 8, 9 }.CopyTo(m));

        // The alias shares storage, so it sees the values: nothing was staged and swapped in.
        Assert.Equal([7f, 8, 9], Ops.ToFloatArray(view));
    }

    [Fact]
    public void FillInPlace_StagesAndConvertsWhenTheElementTypeDiffers()
    {
        using Tensor x = Ops.Zeros([2], DType.Float64);

        Ops.FillInPlace<float>(x, m => new float[] { 1.25f, -2 }.CopyTo(m));

        Assert.Equal((double[])[1.25, -2.0], (double[])Ops.ToArray(x));
    }
}
