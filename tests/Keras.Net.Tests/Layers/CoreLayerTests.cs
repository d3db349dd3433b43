// SPDX-License-Identifier: Apache-2.0
using Constant = Keras.Net.Initializers.Constant;
using Keras.Net.Layers;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Layer math against values worked out by hand.</summary>
public sealed class CoreLayerTests : KerasTestBase
{
    [Fact]
    public void Dense_ComputesXWPlusBThenActivation()
    {
        var dense = new Dense(2, activation: "relu", kernelInitializer: new Constant(0.5), biasInitializer: new Constant(-1.0));
        using Tensor x = Ops.FromArray([1f, 2f, 3f, -4f, 0f, 1f], [2, 3]);

        using Tensor y = dense.Apply(x);

        // Row 1: 0.5*(1+2+3) - 1 = 2; row 2: 0.5*(-4+0+1) - 1 = -2.5 -> relu 0.
        TensorAssert.Close([2f, 2f, 0f, 0f], y);
    }

    [Fact]
    public void Dense_Rank3Input_AppliesKernelToLastAxis()
    {
        var dense = new Dense(1, useBias: false, kernelInitializer: "ones");
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], [2, 2, 2]);

        using Tensor y = dense.Apply(x);

        TensorAssert.Shape(y, 2, 2, 1);
        TensorAssert.Close([3f, 7f, 11f, 15f], y);
        Assert.Single(dense.Weights);
        Assert.Equal(new Shape([null, 5, 1]), dense.ComputeOutputShape(new Shape([null, 5, 2])));
    }

    [Fact]
    public void Dense_NonPositiveUnits_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0));

        Assert.Contains("units=0", ex.Message);
    }

    [Fact]
    public void Dense_CustomActivationFunction_IsUsed()
    {
        var dense = new Dense(1, activation: x => Ops.Multiply(x, 10.0), kernelInitializer: "ones", biasInitializer: "zeros");
        using Tensor x = Ops.FromArray([1f, 2f], [1, 2]);

        using Tensor y = dense.Apply(x);

        TensorAssert.Close([30f], y);
        Assert.Null(dense.ActivationName);
    }

    [Fact]
    public void Dropout_Inference_IsIdentity_Training_ZeroesAndRescales()
    {
        var dropout = new Dropout(0.5, seed: 42);
        using Tensor x = Ops.Ones([1000]);

        using Tensor inference = dropout.Apply(x);
        using Tensor training = dropout.Apply(x, training: true);

        TensorAssert.Equal(x, inference);
        float[] values = Ops.ToFloatArray(training);
        Assert.All(values, v => Assert.True(v == 0f || Math.Abs(v - 2f) < 1e-6));
        int kept = values.Count(v => v != 0);
        Assert.InRange(kept, 400, 600);
    }

    [Fact]
    public void Dropout_InvalidRate_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));

        Assert.Contains("rate=1.5", ex.Message);
    }

    [Fact]
    public void Activation_ByNameAndFunction()
    {
        using Tensor x = Ops.FromArray([-1f, 0f, 2f], [1, 3]);
        using Tensor byName = new Activation("relu").Apply(x);
        using Tensor byFunc = new Activation(t => Ops.Multiply(t, -1.0)).Apply(x);

        TensorAssert.Close([0f, 0f, 2f], byName);
        TensorAssert.Close([1f, 0f, -2f], byFunc);
        Assert.Throws<ArgumentException>(() => new Activation("nope"));
    }

    [Fact]
    public void Flatten_CollapsesNonBatchAxes_ChannelsFirstMovesChannelsLast()
    {
        using Tensor x = Ops.FromArray(Enumerable.Range(0, 8).Select(i => (float)i).ToArray(), [1, 2, 2, 2]);

        using Tensor last = new Flatten().Apply(x);
        using Tensor first = new Flatten(dataFormat: "channels_first").Apply(x);

        TensorAssert.Close([0, 1, 2, 3, 4, 5, 6, 7], last);
        // channels_first (C=2, H=2, W=2) -> (H, W, C): element (h, w, c) = c*4 + h*2 + w.
        TensorAssert.Close([0, 4, 1, 5, 2, 6, 3, 7], first);
        Assert.Equal(new Shape([null, 24]), new Flatten().ComputeOutputShape(new Shape([null, 2, 3, 4])));
        Assert.Equal(new Shape([null, null]), new Flatten().ComputeOutputShape(new Shape([null, null, 4])));
    }

    [Fact]
    public void Reshape_ResolvesMinusOne_AndRejectsBadSizes()
    {
        var reshape = new Reshape([-1, 2]);
        using Tensor x = Ops.Zeros([3, 6]);

        using Tensor y = reshape.Apply(x);

        TensorAssert.Shape(y, 3, 3, 2);
        Assert.Equal(new Shape([null, 3, 2]), reshape.ComputeOutputShape(new Shape([null, 6])));
        Assert.Throws<ArgumentException>(() => new Reshape([4]).ComputeOutputShape(new Shape([null, 6])));
        Assert.Throws<ArgumentException>(() => new Reshape([-1, -1]));
    }

    [Theory]
    [InlineData(null, 0.0, 0.0, new float[] { 0f, 0f, 0.5f, 3f, 10f })]
    [InlineData(6.0, 0.0, 0.0, new float[] { 0f, 0f, 0.5f, 3f, 6f })]
    [InlineData(null, 0.1, 0.0, new float[] { -0.2f, 0f, 0.5f, 3f, 10f })]
    [InlineData(null, 0.0, 1.0, new float[] { 0f, 0f, 0f, 3f, 10f })]
    [InlineData(5.0, 0.5, 1.0, new float[] { -1.5f, -0.5f, -0.25f, 3f, 5f })]
    public void ReLU_KerasOptions(double? maxValue, double negativeSlope, double threshold, float[] expected)
    {
        using Tensor x = Ops.FromArray([-2f, 0f, 0.5f, 3f, 10f], [1, 5]);

        using Tensor y = new ReLU(maxValue, negativeSlope, threshold).Apply(x);

        TensorAssert.Close(expected, y);
    }

    [Fact]
    public void ReLU_DefaultName_IsReLu()
    {
        Assert.Equal("re_lu", new ReLU().Name);
        Assert.Equal("re_lu_1", new ReLU().Name);
    }

    [Fact]
    public void Softmax_RowsSumToOne_AndMaskedPositionsGetZero()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3]);
        using Tensor y = new Softmax().Apply(x);
        double e1 = Math.Exp(1), e2 = Math.Exp(2), e3 = Math.Exp(3), s = e1 + e2 + e3;
        TensorAssert.Close([(float)(e1 / s), (float)(e2 / s), (float)(e3 / s)], y, 1e-6);

        var input = new Input([3]);
        var model = new Keras.Net.Models.Model(input, new Softmax().Apply(input));
        using Tensor mask = Ops.NotEqual(Ops.FromArray([1f, 1f, 0f], [1, 3]), 0.0);
        var layer = (Softmax)model.Layers[1];
        IReadOnlyList<Tensor> outs = layer.Invoke([x], [mask], false, out _);
        double s2 = e1 + e2;
        TensorAssert.Close([(float)(e1 / s2), (float)(e2 / s2), 0f], outs[0], 1e-6);
    }

    [Fact]
    public void Identity_ReturnsEqualTensorThatCanBeDisposedSeparately()
    {
        using Tensor x = Ops.FromArray([1f, 2f], [1, 2]);

        Tensor y = new Identity().Apply(x);
        y.Dispose();

        TensorAssert.Close([1f, 2f], x);
    }

    [Fact]
    public void Add_BroadcastsAndSums()
    {
        using Tensor a = Ops.FromArray([1f, 2f, 3f, 4f], [2, 2]);
        using Tensor b = Ops.FromArray([10f, 20f], [1, 2]);

        using Tensor y = new Add().Apply([a, b]);

        TensorAssert.Close([11f, 22f, 13f, 24f], y);
        Assert.Throws<ArgumentException>(() => new Add().Apply([a]));
        Assert.Throws<ArgumentException>(() => new Add().ComputeOutputShape([new Shape([null, 2]), new Shape([null, 3])]));
    }

    [Fact]
    public void Concatenate_JoinsAlongAxis_AndChecksOtherAxes()
    {
        using Tensor a = Ops.FromArray([1f, 2f], [1, 2]);
        using Tensor b = Ops.FromArray([3f], [1, 1]);

        using Tensor y = new Concatenate().Apply([a, b]);

        TensorAssert.Close([1f, 2f, 3f], y);
        Assert.Equal(new Shape([null, 5]), new Concatenate().ComputeOutputShape([new Shape([null, 2]), new Shape([null, 3])])[0]);
        Assert.Equal(new Shape([null, 4, 3]), new Concatenate(axis: 1).ComputeOutputShape([new Shape([null, 1, 3]), new Shape([null, 3, 3])])[0]);
        Assert.Throws<ArgumentException>(() => new Concatenate(axis: 1).ComputeOutputShape([new Shape([null, 1, 3]), new Shape([null, 3, 4])]));
    }

    [Fact]
    public void Merge_PropagatesAndedMasks()
    {
        using Tensor x = Ops.Ones([1, 3]);
        using Tensor m1 = Ops.NotEqual(Ops.FromArray([1f, 1f, 0f], [1, 3]), 0.0);
        using Tensor m2 = Ops.NotEqual(Ops.FromArray([0f, 1f, 1f], [1, 3]), 0.0);

        IReadOnlyList<Tensor?> masks = new Add().ComputeMask([x, x], [m1, m2]);

        TensorAssert.Close([0f, 1f, 0f], masks[0]!);
    }

    [Fact]
    public void InputLayer_NamesFollowTfKeras_AndShapeIncludesBatch()
    {
        var a = new Input([3]);
        var b = new Input([4], batchSize: 8);

        Assert.Equal("input_1", a.SourceLayer!.Name);
        Assert.Equal("input_2", b.SourceLayer!.Name);
        Assert.Equal(new Shape([null, 3]), a.Shape);
        Assert.Equal(new Shape([8, 4]), b.Shape);
        Assert.Throws<ArgumentException>(() => new Input());
    }
}
