// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Protos;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>
/// Real SavedModels whose serving needs more than tensors in and out: a TF 1.8 estimator-style export fed serialized
/// tf.Examples and answering class names through a lookup table, and a TF 2.15 tf.Module saved without signatures.
/// </summary>
public sealed class WildSavedModelServingTests : KerasTestBase
{
    private const string Iris = "wild-sm/folders/023_brianschardt_iris_keras_tensorflow_serving_1";

    [FixtureFact]
    public void Tf1IrisExport_ParsesTfExamples_AndNamesTheTopClassesThroughItsTable()
    {
        string folder = Fixtures.PathOf(Iris);
        float[][] flowers = [[5.1f, 3.5f, 1.4f, 0.2f], [6.7f, 3.0f, 5.2f, 2.3f]];
        byte[][] examples = flowers.Select(f => new Example
        {
            Features = new Features { Feature = { ["x"] = new Feature { FloatList = new FloatList { Value = { f } } } } },
        }.ToByteArray()).ToArray();

        using var graph = Keras.Net.Saving.SavedModels.SavedModel.Load(folder);
        var (scores, classes) = graph.Signatures["serving_default"].CallAll(
            new Dictionary<string, Tensor>(),
            new Dictionary<string, StringTensor> { ["inputs"] = StringTensor.FromBytes(examples, [2]) });

        // The same graph's float signature gives the probabilities; serving_default is their top 3, named by the table.
        using Tensor x = Ops.FromArray(flowers.SelectMany(f => f).ToArray(), [2, 4]);
        using Tensor probabilities = graph.Signatures["predict-iris"].Call(x);
        float[] p = Ops.ToFloatArray(probabilities);
        string[] names = TableValues(folder);
        float[] top = Ops.ToFloatArray(scores["scores"]);
        for (int row = 0; row < 2; row++)
        {
            int[] order = Enumerable.Range(0, 3).OrderByDescending(c => p[(row * 3) + c]).ToArray();
            Assert.Equal(order.Select(c => p[(row * 3) + c]), top.Skip(row * 3).Take(3), new ToleranceComparer(1e-6));
            Assert.Equal(order.Select(c => names[c]), classes["classes"].Values.Skip(row * 3).Take(3));
        }
    }

    [FixtureFact]
    public void Tf2ModuleWithoutSignatures_CallsItsRootFunction()
    {
        string folder = Fixtures.PathOf("wild-sm/folders/040_tejeshvarsk_tensorflow-tutorial_saved");
        using var graph = Keras.Net.Saving.SavedModels.SavedModel.Load(folder);
        Assert.Empty(graph.Signatures);
        SavedModelSignature multiply = graph.Functions["multiply"];
        Assert.Equal("x", Assert.Single(multiply.Inputs).Name);

        using Tensor x = Ops.Cast(Ops.FromArray(new long[] { 1, -2, 7 }, [3]), Keras.Net.Backend.DType.Int32);
        using Tensor y = multiply.Call(x);

        // The function multiplies by the integer constant in its body (read from the file, not from the interpreter).
        var saved = Keras.Net.Protos.SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "saved_model.pb")));
        NodeDef constant = saved.MetaGraphs[0].GraphDef.Library.Function.Single(f => f.Signature.Name.Contains("multiply", StringComparison.Ordinal)).NodeDef.Single(n => n.Op == "Const");
        int factor = constant.Attr["value"].Tensor.IntVal.Single();
        Assert.Equal(new long[] { factor, -2L * factor, 7L * factor }, Ops.ToInt64Array(y));
    }

    /// <summary>The class names the export's index_to_string table is initialized with (its "Const" node).</summary>
    private static string[] TableValues(string folder)
    {
        var saved = Keras.Net.Protos.SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "saved_model.pb")));
        NodeDef init = saved.MetaGraphs[0].GraphDef.Node.Single(n => n.Op == "InitializeTableV2");
        NodeDef values = saved.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == init.Input[2]);
        return values.Attr["value"].Tensor.StringVal.Select(v => v.ToStringUtf8()).ToArray();
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
