// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.Checkpoints;

/// <summary>Every real checkpoint in ../shared/fixtures (and every SavedModel's variables/) opens, reads and restores.</summary>
public sealed class CheckpointFixtureTests : KerasTestBase
{
    public static TheoryData<string, int> AllCheckpoints => new()
    {
        { "tf-checkpoint/tf1_saver_mnist/train.ckpt", 6 },
        { "tf-checkpoint/tfkeras22_lso_sharded/ckpt", 11 },
        { "savedmodel/tf1_counter/variables/variables", 1 },
        { "savedmodel/tf1_half_plus_two_cpu/variables/variables", 5 },
        { "savedmodel/tf2_half_plus_two/variables/variables", 4 },
        { "savedmodel/tf2_module_regression_train/variables/variables", -1 },
        { "savedmodel/tfk211_func_flatten_dense_kmeta/variables/variables", 9 },
        { "savedmodel/tfk211_seq_customlayer_kmeta/variables/variables", 8 },
        { "savedmodel/tfk22_lso_sharded_vars/variables/variables", -1 },
        { "savedmodel/tfk27_seq_densefeatures_bn_kmeta/variables/variables", 56 },
        { "savedmodel/tfk_cppflow_load_model/variables/variables", 5 },
        { "savedmodel/tfk_rust_multi_input/variables/variables", 22 },
        { "savedmodel/tfk_rust_single_input/variables/variables", 28 },
    };

    [FixtureTheory]
    [MemberData(nameof(AllCheckpoints))]
    public void EveryFixtureCheckpoint_OpensAndEveryValueReadsWithItsCrcChecked(string relative, int expectedKeys)
    {
        using var reader = CheckpointReader.Open(Fixtures.PathOf(relative));
        var shapes = reader.GetVariableToShapeMap();
        var dtypes = reader.GetVariableToDtypeMap();
        if (expectedKeys >= 0)
        {
            Assert.Equal(expectedKeys, shapes.Count);
        }

        Assert.Equal(shapes.Keys.Order(StringComparer.Ordinal), dtypes.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in shapes)
        {
            if (dtypes[key].Equals(DType.String))
            {
                IReadOnlyList<byte[]> strings = reader.GetStrings(key);
                Assert.Equal(shape.Aggregate(1L, (a, b) => a * b), strings.Count);
            }
            else
            {
                using Tensor t = reader.GetTensor(key);
                Assert.Equal(shape, Ops.ShapeOf(t).ToArray());
                Assert.Equal(dtypes[key], Ops.DTypeOf(t));
            }
        }
    }

    [FixtureTheory]
    [InlineData("savedmodel/tf2_half_plus_two/variables/variables", "a/.ATTRIBUTES/VARIABLE_VALUE", "b/.ATTRIBUTES/VARIABLE_VALUE")]
    [InlineData("savedmodel/tf1_half_plus_two_cpu/variables/variables", "a", "b")]
    public void HalfPlusTwo_HoldsAOneHalfAndBTwo(string relative, string a, string b)
    {
        // y = a * x + b with a = 0.5, b = 2: the model's name says it. tf2's index blocks are Snappy-compressed.
        using var reader = CheckpointReader.Open(Fixtures.PathOf(relative));
        using Tensor ta = reader.GetTensor(a);
        using Tensor tb = reader.GetTensor(b);
        Assert.Equal(0.5, Ops.ToScalar(ta));
        Assert.Equal(2.0, Ops.ToScalar(tb));
    }

    [FixtureFact]
    public void Tf1NameBasedCheckpoint_ReadsFloat64Keys_AndRefusesObjectRestoreClearly()
    {
        string prefix = Fixtures.PathOf("tf-checkpoint/tf1_saver_mnist/train.ckpt");
        using (var reader = CheckpointReader.Open(prefix))
        {
            Assert.Equal(DType.Float64, reader.GetVariableToDtypeMap()["dense/kernel"]);
            Assert.Equal([784L, 128], reader.GetVariableToShapeMap()["dense/kernel"]);
        }

        var model = new Sequential([new Input([784]), new Dense(128), new Dense(128), new Dense(10)]);
        var ex = Assert.Throws<KerasFormatException>(() => model.LoadWeights(prefix));
        Assert.Contains("name-based", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train.ckpt.index", ex.Message, StringComparison.Ordinal);
    }

    [FixtureTheory]
    [InlineData("tf-checkpoint/tfkeras22_lso_sharded/ckpt")]
    [InlineData("savedmodel/tfk22_lso_sharded_vars/variables/variables")]
    public void TfKeras22ShardedCheckpoint_RestoresItsDenseIntoTheSameModelBuiltInCode(string relative)
    {
        // Dense(2) on 2 features with a LossScaleOptimizer(SGD(momentum)) that Keras.Net does not have: the layer
        // restores, the optimizer's values are reported unused.
        string prefix = Fixtures.PathOf(relative);
        var model = new Sequential([new Input([2]), new Dense(2)]);

        LoadStatus status = model.LoadWeights(prefix);

        status.AssertExistingObjectsMatched();
        AssertHolds(prefix, "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", model.Weights[0]);
        AssertHolds(prefix, "layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE", model.Weights[1]);
        Assert.Contains("optimizer/loss_scale/good_steps/.ATTRIBUTES/VARIABLE_VALUE", status.UnusedSaved);
    }

    [FixtureFact]
    public void TfKeras23SavedModelVariables_RestoreWeightsAndLegacyAdamSlots()
    {
        // tensorflow/rust's single-input example: Sequential of Dense(5), Dense(5), Dense(1) on 5 features, Adam
        // (TF 2.3: hyper-parameters as variables, m and v through slot_variables).
        string prefix = Fixtures.PathOf("savedmodel/tfk_rust_single_input/variables/variables");
        var model = new Sequential([new Input([5]), new Dense(5), new Dense(5), new Dense(1)]);
        model.Compile(optimizer: "adam", loss: "mse");

        LoadStatus status = model.LoadWeights(prefix);

        status.AssertExistingObjectsMatched();
        AssertHolds(prefix, "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE", model.Weights[2]);
        Variable m = model.Optimizer!.SlotsFor(model.Weights[2])[0];
        AssertHolds(prefix, "layer_with_weights-1/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", m);
        using var reader = CheckpointReader.Open(prefix);
        using Tensor iter = reader.GetTensor("optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE");
        Assert.Equal((long)Ops.ToScalar(iter), model.Optimizer.Iterations);
        Assert.All(status.UnusedSaved, k => Assert.True(k.StartsWith("keras_api/", StringComparison.Ordinal) || k.Contains("beta_") || k.Contains("decay"), k));
    }

    [FixtureFact]
    public void TfKeras211CustomLayerVariables_RestoreIntoTheSameCustomLayer_AndTheNewOptimizersCounters()
    {
        string prefix = Fixtures.PathOf("savedmodel/tfk211_seq_customlayer_kmeta/variables/variables");
        var model = new Sequential([new Input([784]), new Transformer(), new Softmax()]);
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy");

        LoadStatus status = model.LoadWeights(prefix);

        AssertHolds(prefix, "layer_with_weights-0/matrix/.ATTRIBUTES/VARIABLE_VALUE", model.Weights[0]);
        AssertHolds(prefix, "optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE", model.Optimizer!.IterationsVariable);
        AssertHolds(prefix, "optimizer/_learning_rate/.ATTRIBUTES/VARIABLE_VALUE", model.Optimizer.LearningRateVariable!);
        Assert.DoesNotContain("optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE", status.UnusedSaved);
        Assert.DoesNotContain("optimizer/_learning_rate/.ATTRIBUTES/VARIABLE_VALUE", status.UnusedSaved);
    }

    [FixtureTheory]
    [InlineData("savedmodel/tfk_cppflow_load_model/variables/variables")]
    [InlineData("savedmodel/tfk211_func_flatten_dense_kmeta/variables/variables")]
    public void KerasFunctionalSavedModelVariables_RestoreIntoTheSameModelBuiltInCode(string relative)
    {
        string prefix = Fixtures.PathOf(relative);
        Model model;
        if (relative.Contains("cppflow", StringComparison.Ordinal))
        {
            var input = new Input([5]);
            model = new Model(input, new Dense(1).Apply(new Dense(5).Apply(input)));
        }
        else
        {
            var input = new Input([28, 28]);
            var x = new Flatten().Apply(input);
            x = new Dense(100).Apply(x);
            model = new Model(input, new Softmax().Apply(new Dense(10).Apply(x)));
        }

        LoadStatus status = model.LoadWeights(prefix);

        status.AssertExistingObjectsMatched();
        Assert.Equal(4, status.Restored.Count);
        AssertHolds(prefix, "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE", model.Weights[2]);
    }

    [FixtureFact]
    public void TfKeras23SharedNestedModel_RestoresThroughTheGraphThoughItsKeysSayTrainableVariables()
    {
        // tensorflow/rust's multi-input example: two inputs through one shared nested functional model (Flatten,
        // Dense(3)), Concatenate, Dense(1). The nested Dense's values are keyed trainable_variables/0 and /1
        // (the first path a SavedModel's traversal found), yet restore matches them through layer_with_weights-0.
        string prefix = Fixtures.PathOf("savedmodel/tfk_rust_multi_input/variables/variables");
        var innerInput = new Input([5]);
        var inner = new Model(innerInput, new Dense(3).Apply(new Flatten().Apply(innerInput)));
        var a = new Input([5]);
        var b = new Input([5]);
        var joined = new Concatenate().Apply([inner.Apply(a), inner.Apply(b)]);
        var model = new Model([a, b], [new Dense(1).Apply(joined)]);

        LoadStatus status = model.LoadWeights(prefix);

        status.AssertExistingObjectsMatched();
        AssertHolds(prefix, "trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE", inner.Weights[0]);
        AssertHolds(prefix, "trainable_variables/1/.ATTRIBUTES/VARIABLE_VALUE", inner.Weights[1]);
        AssertHolds(prefix, "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE", model.Weights[2]);
    }

    private static void AssertHolds(string prefix, string key, Variable variable)
    {
        using var reader = CheckpointReader.Open(prefix);
        using Tensor expected = reader.GetTensor(key);
        TensorAssert.Equal(expected, variable.Value, atol: 0);
    }

    /// <summary>The fixture's custom layer: one weight <c>matrix</c> (784 x 10), no bias.</summary>
    private sealed class Transformer : Layer
    {
        private Variable? _matrix;

        protected override void Build(Shape inputShape) => _matrix = AddWeight("matrix", Shape.Of(inputShape[^1]!.Value, 10));

        protected override Tensor Call(Tensor inputs, bool training) => Ops.MatMul(inputs, _matrix!.Value);
    }
}
