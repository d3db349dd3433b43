// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

public sealed class FunctionalModelTests : KerasTestBase
{
    [Fact]
    public void Layers_AreInGraphOrder_WithInputLayerFirst()
    {
        Model model = GuideModels.CreateFunctionalModel();

        Assert.Equal(["digits", "dense_1", "dense_2", "predictions"], model.Layers.Select(l => l.Name));
        Assert.IsType<InputLayer>(model.Layers[0]);
        Assert.Equal("3_layer_mlp", model.Name);
        Assert.Equal(new Shape([null, 784]), model.Inputs[0].Shape);
        Assert.Equal(new Shape([null, 10]), model.Outputs[0].Shape);
    }

    [Fact]
    public void Predict_EqualsLayerByLayerComputation()
    {
        Model model = GuideModels.CreateFunctionalModel();
        using Tensor x = Ops.RandomNormal([3, 784], seed: 1);

        using Tensor y = model.Predict(x);

        // Independently: relu(relu(x W1 + b1) W2 + b2) W3 + b3 with the model's own weights.
        var w = model.Weights.Select(v => v.Value).ToArray();
        using Tensor h1 = Ops.Relu(Ops.Add(Ops.MatMul(x, w[0]), w[1]));
        using Tensor h2 = Ops.Relu(Ops.Add(Ops.MatMul(h1, w[2]), w[3]));
        using Tensor expected = Ops.Add(Ops.MatMul(h2, w[4]), w[5]);
        TensorAssert.Equal(expected, y, atol: 1e-5);
    }

    [Fact]
    public void MultiInputMultiOutput_ComputesEachOutput()
    {
        var a = new Input([2], name: "a");
        var b = new Input([2], name: "b");
        KerasTensor sum = new Add(name: "sum").Apply([a, b]);
        KerasTensor cat = new Concatenate(name: "cat").Apply([a, b]);
        var model = new Model([a, b], [sum, cat]);

        using Tensor xa = Ops.FromArray([1f, 2f], [1, 2]);
        using Tensor xb = Ops.FromArray([10f, 20f], [1, 2]);
        IReadOnlyList<Tensor> outs = model.Predict([xa, xb]);

        TensorAssert.Close([11f, 22f], outs[0]);
        TensorAssert.Close([1f, 2f, 10f, 20f], outs[1]);
        Assert.Equal(new Shape([null, 4]), model.Outputs[1].Shape);
        foreach (Tensor t in outs)
        {
            t.Dispose();
        }
    }

    [Fact]
    public void SharedLayer_CalledTwice_HasTwoNodesAndOneSetOfWeights()
    {
        var a = new Input([3]);
        var b = new Input([3]);
        var shared = new Dense(2, name: "shared");
        KerasTensor merged = new Add().Apply([shared.Apply(a), shared.Apply(b)]);
        var model = new Model([a, b], merged);

        Assert.Equal(2, shared.InboundNodes.Count);
        Assert.Equal(2, model.Weights.Count);
        Assert.Equal("(None, 2)", shared.OutputShapeText);
        var ex = Assert.Throws<InvalidOperationException>(() => shared.Input);
        Assert.Contains("multiple inbound nodes", ex.Message);

        using Tensor x = Ops.Ones([1, 3]);
        using Tensor y = model.Predict([x, x])[0];
        using Tensor once = shared.Apply(x);
        TensorAssert.Equal(Ops.Multiply(once, 2.0), y, atol: 1e-6);
    }

    [Fact]
    public void ModelAsLayer_NestedInAnotherModel_SharesWeights()
    {
        Model inner = GuideModels.CreateFunctionalModel();
        var input = new Input([784]);
        KerasTensor output = new Softmax().Apply(inner.Apply(input));
        var outer = new Model(input, output, name: "outer");

        Assert.Equal(inner.Weights.Count, outer.Weights.Count);
        Assert.Same(inner.Weights[0], outer.Weights[0]);
        Assert.Contains(outer.Layers, l => ReferenceEquals(l, inner));
        using Tensor x = Ops.RandomUniform([2, 784], seed: 5);
        using Tensor logits = inner.Predict(x);
        using Tensor probs = outer.Predict(x);
        using Tensor expected = Ops.Softmax(logits);
        TensorAssert.Equal(expected, probs, atol: 1e-6);
    }

    [Fact]
    public void CutModel_FromInputsToLastLayerInput_DropsTheHead()
    {
        Model model = GuideModels.CreateFunctionalModel();

        var cut = new Model(model.Inputs, model.Layers[^1].Input, name: "pretrained_model");

        Assert.Equal(["digits", "dense_1", "dense_2"], cut.Layers.Select(l => l.Name));
        Assert.Equal(4, cut.Weights.Count);
        Assert.Equal(new Shape([null, 64]), cut.Outputs[0].Shape);
    }

    [Fact]
    public void GetLayer_ByNameAndIndex()
    {
        Model model = GuideModels.CreateFunctionalModel();

        Assert.Equal("dense_2", model.GetLayer("dense_2").Name);
        Assert.Equal("predictions", model.GetLayer(-1).Name);
        Assert.Equal("digits", model.GetLayer(0).Name);
        var byName = Assert.Throws<ArgumentException>(() => model.GetLayer("nope"));
        Assert.Contains("No such layer: nope", byName.Message);
        var byIndex = Assert.Throws<ArgumentOutOfRangeException>(() => model.GetLayer(9));
        Assert.Contains("only has 4 layers", byIndex.Message);
    }

    [Fact]
    public void DisconnectedGraph_Throws()
    {
        var a = new Input([2]);
        var b = new Input([2]);
        KerasTensor y = new Dense(1).Apply(b);

        var ex = Assert.Throws<ArgumentException>(() => new Model(a, y));

        Assert.Contains("Graph disconnected", ex.Message);
    }

    [Fact]
    public void DuplicateLayerNames_Throw()
    {
        var a = new Input([2]);
        KerasTensor y = new Dense(2, name: "same").Apply(a);
        y = new Dense(2, name: "same").Apply(y);

        var ex = Assert.Throws<ArgumentException>(() => new Model(a, y));

        Assert.Contains("\"same\" is used 2 times", ex.Message);
    }

    [Fact]
    public void WrongInputShape_ThrowsWithExpectedAndFoundShapes()
    {
        Model model = GuideModels.CreateFunctionalModel();
        using Tensor x = Ops.Zeros([2, 100]);

        var ex = Assert.Throws<ArgumentException>(() => model.Predict(x));

        Assert.Contains("expected shape=(None, 784)", ex.Message);
        Assert.Contains("found shape=(2, 100)", ex.Message);
    }

    [Fact]
    public void DenseOnWrongLastAxis_Symbolic_ThrowsKerasMessage()
    {
        var dense = new Dense(3, name: "d");
        dense.Apply(new Input([4]));

        var ex = Assert.Throws<ArgumentException>(() => dense.Apply(new Input([5])));

        Assert.Contains("expected axis -1 of input shape to have value 4", ex.Message);
        Assert.Contains("(None, 5)", ex.Message);
    }

    [Fact]
    public void Predict_Float64Input_IsCastToTheInputDType()
    {
        var input = new Input([2]);
        var model = new Model(input, new Identity().Apply(input));
        using Tensor x = Ops.FromArray([1.5, 2.5], [1, 2]);

        using Tensor y = model.Predict(x);

        Assert.Equal(Keras.Net.Backend.DType.Float32, Ops.DTypeOf(y));
        TensorAssert.Close([1.5f, 2.5f], y);
    }

    [Fact]
    public void Predict_BatchesAndArrays_GiveSameResult()
    {
        Model model = GuideModels.CreateFunctionalModel();
        var rows = Enumerable.Range(0, 70).Select(i => Enumerable.Range(0, 784).Select(j => (float)((i * 7 + j) % 13) / 13f).ToArray()).ToArray();

        using Tensor fromJagged = model.Predict(rows, batchSize: 32);
        using Tensor t = Ops.FromArray(rows);
        using Tensor oneBatch = model.Predict(t, batchSize: 100);

        TensorAssert.Shape(fromJagged, 70, 10);
        TensorAssert.Equal(oneBatch, fromJagged, atol: 1e-5);
    }
}
