// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

public sealed class SequentialTests : KerasTestBase
{
    [Fact]
    public void WithInputFirst_IsBuiltAtOnce_AndLayersExcludeInput()
    {
        var model = new Sequential([new Input([4]), new Dense(3), new Dense(2)]);

        Assert.True(model.Built);
        Assert.Equal(["dense", "dense_1"], model.Layers.Select(l => l.Name));
        Assert.Equal("sequential", model.Name);
        Assert.Equal(new Shape([null, 2]), model.Outputs[0].Shape);
        Assert.Equal(["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"], model.Weights.Select(w => w.Name));
    }

    [Fact]
    public void Deferred_BuildsOnFirstCall_WithUnknownBatch()
    {
        var model = new Sequential([new Dense(3), new Dense(2)]);
        Assert.False(model.Built);
        Assert.Empty(model.Weights);

        using Tensor x = Ops.Ones([5, 4]);
        using Tensor y = model.Apply(x);

        TensorAssert.Shape(y, 5, 2);
        Assert.True(model.Built);
        Assert.Equal(new Shape([null, 4]), model.Inputs[0].Shape);
        Assert.Equal("dense_input", model.Inputs[0].SourceLayer!.Name);
        Assert.Equal(4, model.Weights.Count);
    }

    [Fact]
    public void EnsureBuilt_WithShape_CreatesWeights()
    {
        var model = new Sequential([new Dense(3)]);

        model.EnsureBuilt(new Shape([null, 7]));

        Assert.Equal(24, model.CountParams());
    }

    [Fact]
    public void Add_ThenPop_RestoresPreviousOutput()
    {
        var model = new Sequential([new Input([4])]);
        model.Add(new Dense(3));
        model.Add(new Dense(2));
        Assert.Equal(new Shape([null, 2]), model.Outputs[0].Shape);

        model.Pop();

        Assert.Single(model.Layers);
        Assert.Equal(new Shape([null, 3]), model.Outputs[0].Shape);
        using Tensor x = Ops.Ones([1, 4]);
        using Tensor y = model.Predict(x);
        TensorAssert.Shape(y, 1, 3);
    }

    [Fact]
    public void Pop_Empty_Throws()
    {
        var model = new Sequential();

        Assert.Throws<InvalidOperationException>(() => model.Pop());
    }

    [Fact]
    public void Add_DuplicateName_Throws()
    {
        var model = new Sequential([new Dense(2, name: "x")]);

        var ex = Assert.Throws<ArgumentException>(() => model.Add(new Dense(2, name: "x")));

        Assert.Contains("unique names", ex.Message);
    }

    [Fact]
    public void Add_InputAfterLayers_Throws()
    {
        var model = new Sequential([new Dense(2)]);

        Assert.Throws<ArgumentException>(() => model.Add(new Input([3])));
    }

    [Fact]
    public void SequentialInsideFunctional_Works()
    {
        var block = new Sequential([new Dense(4, activation: "relu"), new Dense(2)], name: "block");
        var input = new Input([3]);
        var model = new Model(input, block.Apply(input));

        using Tensor x = Ops.Ones([2, 3]);
        using Tensor y = model.Predict(x);

        TensorAssert.Shape(y, 2, 2);
        Assert.Equal(4, model.Weights.Count);
    }
}
