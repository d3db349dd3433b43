// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary><c>SavedModel.Load</c> on the real SavedModels in ../shared/fixtures/savedmodel.</summary>
public sealed class SavedModelLoadTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("tf1_half_plus_two_cpu")]
    [InlineData("tf2_half_plus_two")]
    public void HalfPlusTwo_ServingDefaultComputesXOverTwoPlusTwo(string folder)
    {
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/" + folder));
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        Assert.Equal("x", Assert.Single(serving.Inputs).Name);
        Assert.Equal(DType.Float32, serving.Inputs[0].DType);

        // TF1's input is [None, 1]; TF2's is [1]: feed what each declares.
        long[] shape = serving.Inputs[0].Shape!.Select(d => d ?? 3).ToArray();
        float[] values = [1, 2, 5];
        using Tensor x = Ops.FromArray(values.Take((int)shape.Aggregate(1L, (a, b) => a * b)).ToArray(), shape);
        using Tensor y = serving.Call(x);

        Assert.Equal(values.Take(Ops.ToFloatArray(x).Length).Select(v => (v / 2) + 2), Ops.ToFloatArray(y));
    }

    [FixtureFact]
    public void Tf2HalfPlusTwo_TheFloatInputRegressionSignatureRunsToo()
    {
        // regress_x2_to_y3: y3 = a * x2 + c with c = 3 (TF serving's test model).
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tf2_half_plus_two"));
        using Tensor x = Ops.FromArray(new float[] { 2 }, [1]);
        using Tensor y = loaded.Signatures["regress_x2_to_y3"].Call(x);
        Assert.Equal([4f], Ops.ToFloatArray(y));
    }

    [FixtureFact]
    public void Tf1Counter_SignaturesShareTheVariableState()
    {
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tf1_counter"));
        float Get()
        {
            var outputs = loaded.Signatures["get_counter"].Call(new Dictionary<string, Tensor>());
            using Tensor t = outputs["output"];
            return Ops.ToFloatArray(t)[0];
        }

        float start = Get();
        loaded.Signatures["incr_counter"].Call(new Dictionary<string, Tensor>())["output"].Dispose();
        Assert.Equal(start + 1, Get());
        using Tensor delta = Ops.FromArray(new float[] { 2.5f }, []);
        loaded.Signatures["incr_counter_by"].Call(new Dictionary<string, Tensor> { ["delta"] = delta })["output"].Dispose();
        Assert.Equal(start + 3.5f, Get());
        loaded.Signatures["reset_counter"].Call(new Dictionary<string, Tensor>())["output"].Dispose();
        Assert.Equal(0f, Get());
    }

    [FixtureTheory]
    [InlineData("tfk_rust_single_input", "layer_with_weights-", 3)]
    [InlineData("tfk_cppflow_load_model", "layer_with_weights-", 2)]
    [InlineData("tfk22_lso_sharded_vars", "layer_with_weights-", 1)]
    public void KerasDenseSavedModels_ServeWhatTheirWeightsCompute(string folder, string prefix, int layers)
    {
        // Independent reference: the same Dense stack computed from the checkpoint values with plain matrix math.
        string path = Fixtures.PathOf("savedmodel/" + folder);
        using var loaded = SavedModel.Load(path);
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        long features = serving.Inputs[0].Shape![^1]!.Value;
        using Tensor x = Ops.RandomNormal([4, features], seed: 3);

        using Tensor actual = serving.Call(x);

        using var reader = CheckpointReader.Open(System.IO.Path.Combine(path, "variables", "variables"));
        Tensor h = Ops.Alias(x);
        for (int i = 0; i < layers; i++)
        {
            using Tensor k = reader.GetTensor($"{prefix}{i}/kernel/.ATTRIBUTES/VARIABLE_VALUE");
            using Tensor b = reader.GetTensor($"{prefix}{i}/bias/.ATTRIBUTES/VARIABLE_VALUE");
            Tensor z = Ops.Add(Ops.MatMul(h, k), b);
            h = folder switch
            {
                "tfk22_lso_sharded_vars" => z,
                _ when i == layers - 1 => Ops.Sigmoid(z),
                _ => Ops.Relu(z),
            };
        }

        TensorAssert.Equal(h, actual, atol: 1e-6);
    }

    [FixtureFact]
    public void KerasFunctionalFlattenDenseSoftmax_OutputsProbabilities()
    {
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tfk211_func_flatten_dense_kmeta"));
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        long?[] shape = serving.Inputs[0].Shape!;
        using Tensor x = Ops.RandomUniform([2, .. shape.Skip(1).Select(d => d!.Value)], seed: 1);

        using Tensor y = serving.Call(x);

        Assert.Equal([2L, 10], Ops.ShapeOf(y).ToArray());
        float[] p = Ops.ToFloatArray(y);
        Assert.Equal(1.0, p.Take(10).Sum(), 5);
        Assert.Equal(1.0, p.Skip(10).Sum(), 5);
    }

    [FixtureFact]
    public void KerasTwoInputModelWithASharedNestedModel_Runs()
    {
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tfk_rust_multi_input"));
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        Assert.Equal(["test_in1", "test_in2"], serving.Inputs.Select(i => i.Name));
        using Tensor a = Ops.RandomNormal([3, 5], seed: 1);
        using Tensor b = Ops.RandomNormal([3, 5], seed: 2);

        var outputs = serving.Call(new Dictionary<string, Tensor> { ["test_in1"] = a, ["test_in2"] = b });
        var swapped = serving.Call(new Dictionary<string, Tensor> { ["test_in1"] = b, ["test_in2"] = a });

        using Tensor y = outputs["test_out"];
        using Tensor z = swapped["test_out"];
        Assert.Equal([3L, 1], Ops.ShapeOf(y).ToArray());
        Assert.All(Ops.ToFloatArray(y), v => Assert.InRange(v, 0f, 1f));
        Assert.NotEqual(Ops.ToFloatArray(y), Ops.ToFloatArray(z));
    }

    [FixtureFact]
    public void KerasCustomLayerModel_MatchesItsTracedFormula()
    {
        // tfk211's custom Transformer layer, as its traced body reads: t = (x + 1) @ matrix; y = softmax(t + (t - 1)).
        string path = Fixtures.PathOf("savedmodel/tfk211_seq_customlayer_kmeta");
        using var loaded = SavedModel.Load(path);
        using Tensor x = Ops.RandomUniform([2, 784], seed: 5);

        using Tensor y = loaded.Call(x);

        using var reader = CheckpointReader.Open(System.IO.Path.Combine(path, "variables", "variables"));
        using Tensor m = reader.GetTensor("layer_with_weights-0/matrix/.ATTRIBUTES/VARIABLE_VALUE");
        using Tensor t = Ops.MatMul(Ops.Add(x, 1.0), m);
        using Tensor expected = Ops.Softmax(Ops.Add(Ops.Multiply(t, 2.0), -1.0));
        Assert.Equal([2L, 10], Ops.ShapeOf(y).ToArray());
        Assert.Equal(1.0, Ops.ToFloatArray(y).Take(10).Sum(), 5);
        TensorAssert.Equal(expected, y, atol: 1e-5);
    }

    [FixtureFact]
    public void TfModuleRegression_ValueSignaturesReturnTheCheckpointsVariables()
    {
        string path = Fixtures.PathOf("savedmodel/tf2_module_regression_train");
        using var loaded = SavedModel.Load(path);
        using var reader = CheckpointReader.Open(System.IO.Path.Combine(path, "variables", "variables"));
        foreach (string name in new[] { "w", "b" })
        {
            string key = reader.GetVariableToShapeMap().Keys.Single(k => k.StartsWith(name + "/", StringComparison.Ordinal) && k.EndsWith("VARIABLE_VALUE", StringComparison.Ordinal));
            using Tensor expected = reader.GetTensor(key);
            using Tensor actual = loaded.Signatures[name].Call(new Dictionary<string, Tensor>())["output"];
            TensorAssert.Equal(expected, actual, atol: 0);
        }
    }

    [FixtureFact]
    public void BadInputs_FailWithTheSignatureAndName()
    {
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tfk_cppflow_load_model"));
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        using Tensor wrong = Ops.Ones([2, 3]);

        var shapeError = Assert.Throws<ArgumentException>(() => serving.Call(wrong));
        Assert.Contains("input_1", shapeError.Message, StringComparison.Ordinal);
        var nameError = Assert.Throws<ArgumentException>(() => serving.Call(new Dictionary<string, Tensor> { ["nope"] = wrong }));
        Assert.Contains("has no input \"nope\"", nameError.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void ClassifySignature_ParsesTfExamples_AndRefusesBytesThatAreNotOne()
    {
        // TF1 half_plus_two's classify signature: serialized tf.Examples in, y = 0.5 x + 2 as scores out.
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tf1_half_plus_two_cpu"));
        SavedModelSignature classify = loaded.Signatures["classify_x_to_y"];
        byte[] example = Google.Protobuf.MessageExtensions.ToByteArray(new Keras.Net.Protos.Example
        {
            Features = new Keras.Net.Protos.Features { Feature = { ["x"] = new Keras.Net.Protos.Feature { FloatList = new Keras.Net.Protos.FloatList { Value = { 3f } } } } },
        });
        var (scores, _) = classify.CallAll(new Dictionary<string, Tensor>(), new Dictionary<string, StringTensor> { ["inputs"] = StringTensor.FromBytes([example], [1]) });
        TensorAssert.Close([3.5f], scores.Values.Single());

        var ex = Assert.ThrowsAny<Exception>(() => classify.Call(
            new Dictionary<string, Tensor>(),
            new Dictionary<string, StringTensor> { ["inputs"] = new(["not an example"], [1]) }));
        Assert.True(ex is ArgumentException or KerasFormatException, ex.GetType().Name);
        Assert.Contains("not a serialized tf.Example", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpOutsideCoreTensorFlow_IsRefusedNamingTheOpAndNode()
    {
        // A TensorFlow Text tokenizer op in a serving graph: refused with the op's name and its node.
        var meta = new Keras.Net.Protos.MetaGraphDef { MetaInfoDef = new() { Tags = { "serve" } }, GraphDef = new() };
        var x = new Keras.Net.Protos.NodeDef { Name = "text", Op = "Placeholder" };
        x.Attr["dtype"] = new Keras.Net.Protos.AttrValue { Type = Keras.Net.Protos.DataType.DtFloat };
        meta.GraphDef.Node.Add(x);
        meta.GraphDef.Node.Add(new Keras.Net.Protos.NodeDef { Name = "tokenizer/WordpieceTokenize", Op = "WordpieceTokenizeWithOffsets", Input = { "text" } });
        var signature = new Keras.Net.Protos.SignatureDef();
        signature.Inputs["text"] = new Keras.Net.Protos.TensorInfo { Name = "text:0", Dtype = Keras.Net.Protos.DataType.DtFloat };
        signature.Outputs["ids"] = new Keras.Net.Protos.TensorInfo { Name = "tokenizer/WordpieceTokenize:0", Dtype = Keras.Net.Protos.DataType.DtFloat };
        meta.SignatureDef["serving_default"] = signature;
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("saved_model.pb"), Google.Protobuf.MessageExtensions.ToByteArray(new Keras.Net.Protos.SavedModel { MetaGraphs = { meta } }));

        using var loaded = SavedModel.Load(dir.Path);
        using Tensor input = Ops.Zeros([1]);
        var ex = Assert.Throws<KerasFormatException>(() => loaded.Call(input));
        Assert.Contains("uses op 'WordpieceTokenizeWithOffsets'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer/WordpieceTokenize", ex.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void DenseFeaturesSavedModel_RunsOnNumericAndStringFeatures()
    {
        // tf.keras 2.7 heart-failure model: feature columns (bucketized, vocabulary indicators, numeric) through hash
        // tables, sparse-to-dense and one-hot ops, then BatchNormalization and Dense layers, a sigmoid output.
        using var loaded = SavedModel.Load(Fixtures.PathOf("savedmodel/tfk27_seq_densefeatures_bn_kmeta"));
        SavedModelSignature serving = loaded.Signatures["serving_default"];
        IReadOnlyDictionary<string, Tensor> Run(string chestPain, long age)
        {
            var numbers = new Dictionary<string, Tensor>
            {
                ["Age"] = Ops.FromArray(new long[] { age, 61 }, [2]),
                ["Cholesterol"] = Ops.FromArray(new long[] { 289, 0 }, [2]),
                ["FastingBS"] = Ops.FromArray(new long[] { 0, 1 }, [2]),
                ["MaxHR"] = Ops.FromArray(new long[] { 172, 110 }, [2]),
                ["Oldpeak"] = Ops.FromArray(new double[] { 0.0, 2.5 }, [2]),
                ["RestingBP"] = Ops.FromArray(new long[] { 140, 160 }, [2]),
            };
            var strings = new Dictionary<string, StringTensor>
            {
                ["ChestPainType"] = new([chestPain, "ASY"], [2]),
                ["ExerciseAngina"] = new(["N", "Y"], [2]),
                ["RestingECG"] = new(["Normal", "ST"], [2]),
                ["ST_Slope"] = new(["Up", "Flat"], [2]),
                ["Sex"] = new(["M", "M"], [2]),
            };
            return serving.Call(numbers, strings);
        }

        using Tensor a = Run("ATA", 40)["output_1"];
        using Tensor b = Run("ASY", 40)["output_1"];
        using Tensor c = Run("ATA", 70)["output_1"];

        Assert.Equal([2L, 1], Ops.ShapeOf(a).ToArray());
        Assert.All(Ops.ToFloatArray(a), p => Assert.InRange(p, 0f, 1f));
        Assert.NotEqual(Ops.ToFloatArray(a)[0], Ops.ToFloatArray(b)[0]);
        Assert.NotEqual(Ops.ToFloatArray(a)[0], Ops.ToFloatArray(c)[0]);
        Assert.Equal(Ops.ToFloatArray(a)[1], Ops.ToFloatArray(b)[1]);
    }
}
