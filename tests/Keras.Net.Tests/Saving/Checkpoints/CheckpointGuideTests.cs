// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.Checkpoints;

/// <summary>The guide's "TF Checkpoint format" and transfer-learning sections (tf.keras 2.x save_and_serialize).</summary>
public sealed class CheckpointGuideTests : KerasTestBase
{
    /// <summary>The guide's <c>CustomLayer</c>: <c>self.var = tf.Variable(a, name="var_a")</c>.</summary>
    private sealed class CustomLayer : Layer
    {
        public CustomLayer(int a) => Var = new Variable(a, name: "var_a", dtype: DType.Int32);

        public Variable Var { get; }

        protected override Tensor Call(Tensor inputs, bool training) => Ops.Alias(inputs);
    }

    /// <summary>The guide's <c>ContrivedModel</c>: a Dense plus its own kernel and bias.</summary>
    private sealed class ContrivedModel : Model
    {
        public ContrivedModel()
        {
            FirstDense = new Dense(64);
            Kernel = AddWeight("kernel", Shape.Of(64, 10));
            Bias = AddWeight("bias", Shape.Of(10));
        }

        public Dense FirstDense { get; }

        public Variable Kernel { get; }

        public Variable Bias { get; }

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor x = FirstDense.Apply(inputs, training);
            using Tensor y = Ops.MatMul(x, Kernel.Value);
            return Ops.Add(y, Bias.Value);
        }
    }

    private static Model FunctionalMlp(int outputs, string name)
    {
        var inputs = new Input([784], name: "digits");
        var x = new Dense(64, activation: "relu", name: "dense_1").Apply(inputs);
        x = new Dense(64, activation: "relu", name: "dense_2").Apply(x);
        var o = new Dense(outputs, name: "predictions").Apply(x);
        return new Model(inputs, o, name: name);
    }

    [Fact]
    public void CustomLayerCheckpoint_HasTheGuidesKeysAndDtypes()
    {
        using var dir = new TempDirectory();
        var layer = new CustomLayer(5);

        string path = new Checkpoint { ["layer"] = layer }.Save(dir.File("custom_layer"));

        Assert.Equal(dir.File("custom_layer-1"), path);
        using var reader = CheckpointReader.Open(path);
        var dtypes = reader.GetVariableToDtypeMap();
        Assert.Equal(
            new[] { "_CHECKPOINTABLE_OBJECT_GRAPH", "layer/var/.ATTRIBUTES/VARIABLE_VALUE", "save_counter/.ATTRIBUTES/VARIABLE_VALUE" },
            dtypes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DType.Int64, dtypes["save_counter/.ATTRIBUTES/VARIABLE_VALUE"]);
        Assert.Equal(DType.String, dtypes["_CHECKPOINTABLE_OBJECT_GRAPH"]);
        Assert.Equal(DType.Int32, dtypes["layer/var/.ATTRIBUTES/VARIABLE_VALUE"]);
        using Tensor value = reader.GetTensor("layer/var/.ATTRIBUTES/VARIABLE_VALUE");
        Assert.Equal(5, (int)Ops.ToScalar(value));
        using Tensor counter = reader.GetTensor("save_counter/.ATTRIBUTES/VARIABLE_VALUE");
        Assert.Equal(1, (long)Ops.ToScalar(counter));
        Assert.Empty(reader.GetVariableToShapeMap()["layer/var/.ATTRIBUTES/VARIABLE_VALUE"]);
        Assert.Equal("model_checkpoint_path: \"custom_layer-1\"\nall_model_checkpoint_paths: \"custom_layer-1\"\n", File.ReadAllText(dir.File("checkpoint")));
    }

    [Fact]
    public void CheckpointSave_CountsUpAndRestoreBringsBackTheCounterAndValues()
    {
        using var dir = new TempDirectory();
        var layer = new CustomLayer(5);
        var ckpt = new Checkpoint { ["layer"] = layer };
        ckpt.Save(dir.File("c"));
        layer.Var.Assign(7);
        string second = ckpt.Save(dir.File("c"));
        Assert.Equal(dir.File("c-2"), second);
        Assert.Equal(dir.File("c-2"), Checkpoint.LatestCheckpoint(dir.Path));

        var other = new CustomLayer(0);
        var restored = new Checkpoint { ["layer"] = other };
        restored.Restore(dir.File("c-1")).AssertConsumed();

        Assert.Equal(5, (int)Ops.ToScalar(other.Var.Value));
        Assert.Equal(1, restored.SaveCounter);
    }

    [Fact]
    public void GuideRunnableExample_SaveWeightsThenLoadWeightsIsConsumed()
    {
        using var dir = new TempDirectory();
        var sequential = new Sequential([
            new Input([784], name: "digits"),
            new Dense(64, activation: "relu", name: "dense_1"),
            new Dense(64, activation: "relu", name: "dense_2"),
            new Dense(10, name: "predictions"),
        ]);
        sequential.SaveWeights(dir.File("ckpt"));

        Assert.True(File.Exists(dir.File("ckpt.index")));
        Assert.True(File.Exists(dir.File("ckpt.data-00000-of-00001")));
        Assert.Contains("model_checkpoint_path: \"ckpt\"", File.ReadAllText(dir.File("checkpoint")));

        var status = sequential.LoadWeights(dir.File("ckpt"));
        status.AssertConsumed();
        Assert.Equal(6, status.Restored.Count);

        using var reader = CheckpointReader.Open(dir.File("ckpt"));
        Assert.Contains("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", reader.GetVariableToShapeMap().Keys);
        Assert.Equal([64L, 10], reader.GetVariableToShapeMap()["layer_with_weights-2/kernel/.ATTRIBUTES/VARIABLE_VALUE"]);
    }

    [Fact]
    public void GuideTransferLearning_TwoLayerCheckpointLoadsIntoThreeLayerModel()
    {
        using var dir = new TempDirectory();
        Model functional = FunctionalMlp(10, "3_layer_mlp");
        var pretrained = new Model(functional.Inputs, functional.GetLayer(-1).Input, name: "pretrained_model");
        foreach (Variable w in pretrained.Weights)
        {
            using Tensor r = Ops.RandomNormal(w.Shape.ToArray());
            w.Assign(r);
        }

        pretrained.SaveWeights(dir.File("pretrained_ckpt"));

        Model model = FunctionalMlp(5, "new_model");
        LoadStatus status = model.LoadWeights(dir.File("pretrained_ckpt"));

        for (int i = 0; i < pretrained.Weights.Count; i++)
        {
            TensorAssert.Equal(pretrained.Weights[i].Value, model.Weights[i].Value, atol: 0);
        }

        Assert.Equal(4, status.Restored.Count);
        Assert.Equal(["predictions/kernel:0", "predictions/bias:0"], status.UnmatchedVariables);
        var ex = Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
        Assert.Contains("predictions/kernel:0", ex.Message, StringComparison.Ordinal);
        status.ExpectPartial();
    }

    [Fact]
    public void GuideTransferLearning_SequentialWrappingTheFunctionalMatchesNothing_TheInnerModelMatchesAll()
    {
        using var dir = new TempDirectory();
        Model functional = FunctionalMlp(10, "3_layer_mlp");
        var pretrained = new Model(functional.Inputs, functional.GetLayer(-1).Input, name: "pretrained_model");
        pretrained.SaveWeights(dir.File("pretrained_ckpt"));

        var inputs = new Input([784], name: "digits");
        var x = new Dense(64, activation: "relu", name: "dense_1").Apply(inputs);
        x = new Dense(64, activation: "relu", name: "dense_2").Apply(x);
        var pretrainedModel = new Model(inputs, x, name: "pretrained");
        var model = new Sequential([pretrainedModel, new Dense(5, name: "predictions")]);

        // "Calling model.load_weights('pretrained_ckpt') won't throw an error, but will *not* work as expected."
        LoadStatus wrong = model.LoadWeights(dir.File("pretrained_ckpt"));
        Assert.Empty(wrong.Restored);
        Assert.Throws<InvalidOperationException>(() => wrong.AssertExistingObjectsMatched());

        // "pretrained_model.load_weights() is the correct method to call."
        pretrainedModel.LoadWeights(dir.File("pretrained_ckpt")).AssertConsumed();
        for (int i = 0; i < pretrained.Weights.Count; i++)
        {
            TensorAssert.Equal(pretrained.Weights[i].Value, pretrainedModel.Weights[i].Value, atol: 0);
        }
    }

    [Fact]
    public void GuideCheckpointOfChosenLayersAndVariables_RestoresIntoASubclassedModel()
    {
        using var dir = new TempDirectory();
        Model functional = FunctionalMlp(10, "3_layer_mlp");
        Layer firstDense = functional.GetLayer(1);
        var lastDense = (Dense)functional.GetLayer(-1);
        string path = new Checkpoint { ["dense"] = firstDense, ["kernel"] = lastDense.Kernel!, ["bias"] = lastDense.Bias! }.Save(dir.File("ckpt"));

        var model = new ContrivedModel();
        using (Tensor ones = Ops.Ones([1, 784]))
        using (Tensor unused = model.Apply(ones))
        {
        }

        new Checkpoint { ["dense"] = model.FirstDense, ["kernel"] = model.Kernel, ["bias"] = model.Bias }.Restore(path).AssertConsumed();

        TensorAssert.Equal(lastDense.Kernel!.Value, model.Kernel.Value, atol: 0);
        TensorAssert.Equal(firstDense.Weights[0].Value, model.FirstDense.Kernel!.Value, atol: 0);
    }

    [Fact]
    public void AssertConsumed_FailsForSavedValuesWithoutAnObject()
    {
        using var dir = new TempDirectory();
        string path = new Checkpoint { ["a"] = new Variable(1.0, name: "a"), ["b"] = new Variable(2.0, name: "b") }.Save(dir.File("ab"));

        var a = new Variable(0.0, name: "a");
        LoadStatus status = new Checkpoint { ["a"] = a }.Restore(path);

        Assert.Equal(1.0, Ops.ToScalar(a.Value));
        status.AssertExistingObjectsMatched();
        var ex = Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
        Assert.Contains("b/.ATTRIBUTES/VARIABLE_VALUE", ex.Message, StringComparison.Ordinal);
    }
}
