// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

public sealed class LayerWeightsTests : KerasTestBase
{
    /// <summary>The guide's NestedDenseLayer (tracked in fields, as Keras tracks attributes).</summary>
    private sealed class NestedDenseLayer : Layer
    {
        private readonly Dense _dense1;
        private readonly Dense _dense2;

        public NestedDenseLayer(int units, string? name = null)
            : base(name)
        {
            _dense1 = new Dense(units, name: "dense_1");
            _dense2 = new Dense(units, name: "dense_2");
        }

        public Dense Dense1 => _dense1;

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor h = _dense1.Apply(inputs);
            return _dense2.Apply(h);
        }
    }

    [Fact]
    public void Weights_NestedLayer_OrderChangesWhenTrainableFlips_AsInTheGuide()
    {
        var nestedModel = new Sequential([new Input([784]), new NestedDenseLayer(10, "nested")]);

        string[] names = nestedModel.Weights.Select(v => v.Name).ToArray();
        Assert.Equal(
            ["nested/dense_1/kernel:0", "nested/dense_1/bias:0", "nested/dense_2/kernel:0", "nested/dense_2/bias:0"],
            names);

        ((NestedDenseLayer)nestedModel.GetLayer("nested")).Dense1.Trainable = false;

        string[] names2 = nestedModel.Weights.Select(v => v.Name).ToArray();
        Assert.Equal(
            ["nested/dense_2/kernel:0", "nested/dense_2/bias:0", "nested/dense_1/kernel:0", "nested/dense_1/bias:0"],
            names2);
    }

    [Fact]
    public void TrainableFalse_OnParent_MakesEveryNestedWeightNonTrainable()
    {
        var layer = new NestedDenseLayer(3, "nested");
        layer.EnsureBuilt(Shape.Of(1, 4));
        using Tensor x = Ops.Ones([1, 4]);
        using Tensor y = layer.Apply(x);

        layer.Trainable = false;

        Assert.Empty(layer.TrainableWeights);
        Assert.Equal(4, layer.NonTrainableWeights.Count);
        Assert.False(layer.Dense1.Trainable);
    }

    [Fact]
    public void Dense_Weights_AreKernelThenBias_WithKerasNamesAndShapes()
    {
        var dense = new Dense(3);
        dense.EnsureBuilt(Shape.Of(2, 5));

        Assert.Equal(["dense/kernel:0", "dense/bias:0"], dense.Weights.Select(w => w.Name));
        Assert.Equal(["dense/kernel", "dense/bias"], dense.Weights.Select(w => w.Path));
        Assert.Equal(Shape.Of(5, 3), dense.Weights[0].Shape);
        Assert.Equal(Shape.Of(3), dense.Weights[1].Shape);
        Assert.Equal(18, dense.CountParams());
    }

    [Fact]
    public void CountParams_Unbuilt_ThrowsWithKerasMessage()
    {
        var dense = new Dense(3);

        var ex = Assert.Throws<InvalidOperationException>(() => dense.CountParams());

        Assert.Contains("isn't built", ex.Message);
    }

    [Fact]
    public void GetWeights_ReturnsCopies_NotTheLiveVariables()
    {
        var dense = new Dense(2);
        dense.EnsureBuilt(Shape.Of(1, 2));
        IReadOnlyList<Tensor> copies = dense.GetWeights();
        float before = dense.Kernel!.ToArray()[0];

        using (Tensor ones = Ops.Ones([2, 2]))
        {
            copies[0].copy_(ones);
        }

        Assert.Equal(before, dense.Kernel.ToArray()[0]);
        foreach (Tensor t in copies)
        {
            t.Dispose();
        }
    }

    [Fact]
    public void SetWeights_LayerToLayer_CopiesValues_AsInTheGuide()
    {
        static Dense CreateLayer()
        {
            var layer = new Dense(64, activation: "relu", name: "dense_2");
            layer.EnsureBuilt(new Shape([null, 784]));
            return layer;
        }

        Dense layer1 = CreateLayer();
        Dense layer2 = CreateLayer();

        IReadOnlyList<Tensor> weights = layer1.GetWeights();
        layer2.SetWeights(weights);

        Assert.Equal(layer1.Kernel!.ToArray(), layer2.Kernel!.ToArray());
        Assert.Equal(layer1.Bias!.ToArray(), layer2.Bias!.ToArray());
    }

    [Fact]
    public void SetWeights_WrongCount_ThrowsNamingLayerAndCounts()
    {
        var dense = new Dense(2, name: "target");
        dense.EnsureBuilt(Shape.Of(1, 3));
        using Tensor k = Ops.Zeros([3, 2]);

        var ex = Assert.Throws<ArgumentException>(() => dense.SetWeights([k]));

        Assert.Contains("\"target\"", ex.Message);
        Assert.Contains("length 1", ex.Message);
        Assert.Contains("expecting 2 weights", ex.Message);
    }

    [Fact]
    public void SetWeights_WrongShape_ThrowsNamingLayerWeightAndBothShapes_AndChangesNothing()
    {
        var dense = new Dense(2, name: "target");
        dense.EnsureBuilt(Shape.Of(1, 3));
        float[] before = dense.Bias!.ToArray();
        using Tensor k = Ops.Zeros([3, 2]);
        using Tensor b = Ops.Ones([5]);

        var ex = Assert.Throws<ArgumentException>(() => dense.SetWeights([k, b]));

        Assert.Contains("\"target\"", ex.Message);
        Assert.Contains("target/bias:0", ex.Message);
        Assert.Contains("(2,)", ex.Message);
        Assert.Contains("(5,)", ex.Message);
        Assert.Equal(before, dense.Bias.ToArray());
    }

    [Fact]
    public void TrackedVariable_InUserLayer_IsAWeight()
    {
        var layer = new LayerWithVariable();

        Assert.Single(layer.Weights);
        Assert.Equal("var_a:0", layer.Weights[0].Name);
        Assert.Equal(5f, layer.Weights[0].ToArray()[0]);
    }

    private sealed class LayerWithVariable : Layer
    {
        private readonly Variable _var = new(5.0, name: "var_a");

        public Variable Var => _var;

        protected override Tensor Call(Tensor inputs, bool training) => Ops.Multiply(inputs, _var.Value);
    }
}
