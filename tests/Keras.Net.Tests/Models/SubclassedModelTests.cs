// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

public sealed class SubclassedModelTests : KerasTestBase
{
    private sealed class CustomModel : Model
    {
        private readonly List<Dense> _hidden = [new Dense(4, activation: "relu"), new Dense(4, activation: "relu")];
        private readonly Dense _head = new(1);

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using TensorScope scope = Ops.NewScope();
            Tensor x = inputs;
            foreach (Dense d in _hidden)
            {
                x = d.Apply(x, training);
            }

            return scope.Keep(_head.Apply(x, training));
        }
    }

    [Fact]
    public void Layers_AreTrackedFromFields_InDeclarationOrder()
    {
        var model = new CustomModel();
        using Tensor x = Ops.Ones([2, 3]);
        using Tensor y = model.Apply(x);

        Assert.Equal("custom_model", model.Name);
        Assert.Equal(["dense", "dense_1", "dense_2"], model.Layers.Select(l => l.Name));
        Assert.Equal(
            ["custom_model/dense/kernel:0", "custom_model/dense/bias:0", "custom_model/dense_1/kernel:0", "custom_model/dense_1/bias:0", "custom_model/dense_2/kernel:0", "custom_model/dense_2/bias:0"],
            model.Weights.Select(w => w.Name));
        Assert.Empty(model.Inputs);
        Assert.False(model.IsGraphNetwork);
    }

    [Theory]
    [InlineData("ckpt")]
    [InlineData("w.weights.h5")]
    [InlineData("w.h5")]
    public void EnsureBuilt_CreatesTheNestedWeights_SoLoadWeightsRestoresPredictions(string file)
    {
        var trained = new CustomModel();
        using Tensor x = Ops.RandomNormal([3, 5], seed: 4);
        using Tensor expected = trained.Predict(x);
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        string path = dir.File(file);
        trained.SaveWeights(path);

        var fresh = new CustomModel();
        fresh.EnsureBuilt(new Shape([null, 5]));
        Assert.Equal(6, fresh.Weights.Count);
        fresh.LoadWeights(path);

        using Tensor actual = fresh.Predict(x);
        TensorAssert.Equal(expected, actual, atol: 0);
    }

    [Theory]
    [InlineData("m.h5")]
    [InlineData("m.keras")]
    [InlineData("m")]
    public void SavingAnUnbuiltSubclassedModel_FailsAtSaveTime_NamingIt(string file)
    {
        var model = new CustomModel();
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();

        var e = Assert.ThrowsAny<Exception>(() => model.Save(dir.File(file)));

        Assert.True(e is InvalidOperationException or NotSupportedException, e.GetType().Name);
        Assert.Contains("custom_model", e.Message, StringComparison.Ordinal);
        Assert.Contains("built", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(file)) || Directory.Exists(dir.File(file)));
    }

    /// <summary>tf.keras's functional subclass: a Model subclass built from (inputs, outputs), with no FromConfig.</summary>
    [Keras.Net.Serialization.RegisterKerasSerializable(Package = "Tests")]
    public sealed class FunctionalSubclass(KerasTensor inputs, KerasTensor outputs, string? name = null) : Model(inputs, outputs, name)
    {
        public string Describe() => $"{Layers.Count} layers";
    }

    [Theory]
    [InlineData("m.h5")]
    [InlineData("m.keras")]
    [InlineData("m")]
    public void FunctionalSubclass_ReloadsAsItsClass_WithoutFromConfig(string file)
    {
        var inputs = new Input([3]);
        var model = new FunctionalSubclass(inputs, new Dense(2).Apply(new Dense(4, activation: "relu").Apply(inputs)), name: "sub");
        using Tensor x = Ops.RandomNormal([5, 3], seed: 3);
        using Tensor expected = model.Predict(x);
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        model.Save(dir.File(file));

        Model loaded = Model.Load(dir.File(file));

        var typed = Assert.IsType<FunctionalSubclass>(loaded);
        Assert.Equal("sub", typed.Name);
        Assert.Equal(model.Describe(), typed.Describe());
        using Tensor actual = typed.Predict(x);
        TensorAssert.Equal(expected, actual, atol: 1e-6);
    }

    [Fact]
    public void Summary_SubclassedModel_ShowsMultipleAsOutputShape()
    {
        var model = new CustomModel();
        using Tensor x = Ops.Ones([2, 3]);
        using Tensor y = model.Apply(x);

        string text = model.SummaryText();

        Assert.Contains(" dense (Dense)               multiple                  16        \n", text);
        Assert.Contains("Total params: 41\n", text);
    }

    [Fact]
    public void SubclassedModel_UsedInFunctionalGraph_InfersOutputShape()
    {
        var model = new CustomModel();
        var input = new Input([3]);

        KerasTensor y = model.Apply(input);

        Assert.Equal(new Shape([null, 1]), y.Shape);
    }
}
