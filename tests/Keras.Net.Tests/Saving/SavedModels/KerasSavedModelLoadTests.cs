// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary><c>Model.Load</c> on the real tf.keras SavedModels: the same predictions as TensorFlow's own graph.</summary>
public sealed class KerasSavedModelLoadTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("tfk_rust_single_input", "Sequential")]
    [InlineData("tfk_cppflow_load_model", "Model")]
    [InlineData("tfk211_func_flatten_dense_kmeta", "Model")]
    [InlineData("tfk22_lso_sharded_vars", "Sequential")]
    [InlineData("tfk_rust_multi_input", "Model")]
    public void KerasSavedModel_LoadsAsAKerasModel_PredictingWhatItsGraphComputes(string folder, string type)
    {
        string path = Fixtures.PathOf("savedmodel/" + folder);
        Model model = Model.Load(path, compile: false);
        Assert.Equal(type, model is Sequential ? "Sequential" : "Model");

        using var graph = SavedModel.Load(path);
        SavedModelSignature serving = graph.Signatures["serving_default"];
        var inputs = serving.Inputs.ToDictionary(
            i => i.Name,
            i => Ops.RandomUniform([3, .. i.Shape!.Skip(1).Select(d => d!.Value)], seed: i.Name.Length));
        Tensor expected = serving.Call(inputs).Values.Single();

        Tensor[] ordered = model.IsGraphNetwork && model.Inputs.Count > 1
            ? model.Inputs.Select(k => inputs[k.Name.Split(':')[0]]).ToArray()
            : [inputs.Values.Single()];
        using Tensor actual = ordered.Length == 1 ? model.Predict(ordered[0]) : model.Predict(ordered).Single();

        TensorAssert.Equal(expected, actual, atol: 1e-5);
    }

    [FixtureFact]
    public void KerasSavedModelWithItsTrainingConfig_LoadsCompiledWithTheOptimizerState()
    {
        Model model = Model.Load(Fixtures.PathOf("savedmodel/tfk_rust_single_input"));

        Assert.True(model.IsCompiled);
        Assert.Equal("Adam", model.Optimizer!.GetType().Name);
        Assert.True(model.Optimizer.Iterations > 0);
    }

    [FixtureFact]
    public void CustomLayerSavedModel_LoadsWithItsClass_AndIsRevivedWithoutIt()
    {
        string path = Fixtures.PathOf("savedmodel/tfk211_seq_customlayer_kmeta");
        using var graph = SavedModel.Load(path);
        using Tensor x = Ops.RandomUniform([2, 784], seed: 9);
        using Tensor expected = graph.Call(x);

        Model withClass = Model.Load(path, new Dictionary<string, object> { ["Transformer"] = typeof(Transformer) }, compile: false);
        using (Tensor actual = withClass.Predict(x))
        {
            TensorAssert.Equal(expected, actual, atol: 1e-5);
            Assert.IsType<Transformer>(withClass.GetLayer(0));
        }

        // tf.keras's behaviour without the class: a model revived from the saved serving function.
        Model revived = Model.Load(path, compile: false);
        using Tensor again = revived.Predict(x);
        TensorAssert.Equal(expected, again, atol: 1e-6);
        Assert.Single(revived.Weights);

        // One feature too many: Keras's incompatible-input message before the graph runs (libtorch used to abort).
        using Tensor wide = Ops.Zeros([2, 785]);
        var e = Assert.Throws<ArgumentException>(() => revived.Predict(wide));
        Assert.Contains("expected shape=(None, 784), found shape=(2, 785)", e.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void NonKerasSavedModel_IsRefusedWithWhatToUseInstead()
    {
        var ex = Assert.Throws<KerasFormatException>(() => Model.Load(Fixtures.PathOf("savedmodel/tf2_half_plus_two")));
        Assert.Contains("SavedModel.Load", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The fixture's custom layer, as its traced graph computes it: t = (x + 1) @ matrix; t + (t - 1).</summary>
    private sealed class Transformer : Layer
    {
        private Variable? _matrix;

        public Transformer(int a, int b, string? name = null, bool trainable = true, string? dtype = null)
            : base(name)
        {
            A = a;
            B = b;
        }

        public int A { get; }

        public int B { get; }

        protected override void Build(Shape inputShape) => _matrix = AddWeight("matrix", Shape.Of(A, B));

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor shifted = Ops.Add(inputs, 1.0);
            using Tensor t = Ops.MatMul(shifted, _matrix!.Value);
            using Tensor twice = Ops.Multiply(t, 2.0);
            return Ops.Add(twice, -1.0);
        }
    }
}
