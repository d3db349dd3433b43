// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Tests.TestSupport;
using Proto = Keras.Net.Protos;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>
/// Our saved_model.pb against a real tf.keras 2.11 SavedModel of the same architecture
/// (savedmodel/tfk211_func_flatten_dense_kmeta: Input(28, 28, 1), Flatten, Dense(100, relu), Dense(10), Softmax),
/// field by field: message kinds, signature layout, object-graph shape and variable naming.
/// </summary>
public sealed class SavedModelStructureTests : KerasTestBase
{
    [FixtureFact]
    public void WrittenSavedModel_HasTheStructureOfATfKerasSavedModel()
    {
        using var dir = new TempDirectory();
        var input = new Input([28, 28, 1], name: "input_1");
        var x = new Flatten(name: "flatten").Apply(input);
        x = new Dense(100, activation: "relu", name: "dense").Apply(x);
        x = new Dense(10, name: "dense_1").Apply(x);
        var model = new Model(input, new Softmax(name: "softmax").Apply(x), name: "model");
        string folder = dir.File("ours");
        model.Save(folder);

        MetaGraphDef theirs = Read(Fixtures.PathOf("savedmodel/tfk211_func_flatten_dense_kmeta/saved_model.pb"));
        MetaGraphDef ours = Read(Path.Combine(folder, "saved_model.pb"));

        // The same message kinds.
        Assert.Equal(Kinds(theirs), Kinds(ours));
        Assert.Equal(theirs.MetaInfoDef.Tags, ours.MetaInfoDef.Tags);
        Assert.Equal(theirs.CollectionDef.Keys.Order(), ours.CollectionDef.Keys.Order());
        Assert.Equal(theirs.CollectionDef["saved_model_main_op"].NodeList.Value, ours.CollectionDef["saved_model_main_op"].NodeList.Value);

        // The signature layout.
        Assert.Equal(theirs.SignatureDef.Keys.Order(), ours.SignatureDef.Keys.Order());
        SignatureDef a = theirs.SignatureDef["serving_default"], b = ours.SignatureDef["serving_default"];
        Assert.Equal(a.MethodName, b.MethodName);
        Assert.Equal(a.Inputs.Keys, b.Inputs.Keys);
        Assert.Equal(a.Outputs.Keys, b.Outputs.Keys);
        Assert.Equal(a.Inputs["input_1"].Name, b.Inputs["input_1"].Name);
        Assert.Equal(a.Inputs["input_1"].Dtype, b.Inputs["input_1"].Dtype);
        Assert.Equal(a.Inputs["input_1"].TensorShape, b.Inputs["input_1"].TensorShape);
        Assert.Equal(a.Outputs["softmax"].Name, b.Outputs["softmax"].Name);
        Assert.Equal(a.Outputs["softmax"].TensorShape, b.Outputs["softmax"].TensorShape);
        Assert.Equal(theirs.SignatureDef["__saved_model_init_op"], ours.SignatureDef["__saved_model_init_op"]);
        Assert.Equal(theirs.SaverDef.FilenameTensorName, ours.SaverDef.FilenameTensorName);
        Assert.Equal(theirs.SaverDef.Version, ours.SaverDef.Version);

        // The outer graph: one VarHandleOp per variable named by the variable, the serving placeholder, the calls.
        Assert.Equal(VarHandles(theirs), VarHandles(ours));
        Assert.Contains(ours.GraphDef.Node, n => n.Name == "serving_default_input_1" && n.Op == "Placeholder");
        Assert.Contains(ours.GraphDef.Node, n => n.Name == "StatefulPartitionedCall" && n.Op == "StatefulPartitionedCall");
        Assert.Equal(12, ours.GraphDef.Versions.MinConsumer);

        // The traced body uses TensorFlow's ops for these layers.
        var servingOps = FunctionOps(ours, ours.GraphDef.Node.Single(n => n.Name == "StatefulPartitionedCall").Attr["f"].Func.Name);
        Assert.Superset(new HashSet<string> { "Reshape", "MatMul", "BiasAdd", "Relu", "Softmax", "ReadVariableOp" }, servingOps);
        Assert.Subset(FunctionOpsOfLibrary(theirs), servingOps);

        // The object graph: the root's user object and its children, the layers' identifiers (the fixture was compiled,
        // so it also has two metric objects), the variables' names.
        SavedObjectGraph og1 = theirs.ObjectGraphDef, og2 = ours.ObjectGraphDef;
        Assert.Equal(og1.Nodes[0].UserObject.Identifier, og2.Nodes[0].UserObject.Identifier);
        var rootChildren = og2.Nodes[0].Children.Select(c => c.LocalName).ToHashSet();
        string[] expectedRoot = ["layer-0", "layer-1", "layer_with_weights-0", "layer-2", "layer_with_weights-1", "layer-3", "layer-4", "variables", "trainable_variables", "keras_api", "signatures"];
        Assert.True(rootChildren.IsSupersetOf(expectedRoot), "missing: " + string.Join(", ", expectedRoot.Except(rootChildren)));
        var theirRoot = og1.Nodes[0].Children.Select(c => c.LocalName).ToHashSet();
        Assert.True(rootChildren.IsSubsetOf(theirRoot), "ours not in theirs: " + string.Join(", ", rootChildren.Except(theirRoot)));
        Assert.Equal(Layers(og1), Layers(og2));
        Assert.Equal(Variables(og1), Variables(og2));

        // The checkpoint keys of the layers' variables.
        var keys = CheckpointReader.Open(Path.Combine(folder, "variables", "variables")).GetVariableToShapeMap().Keys.Where(k => k.StartsWith("layer", StringComparison.Ordinal)).Order();
        var theirKeys = CheckpointReader.Open(Fixtures.PathOf("savedmodel/tfk211_func_flatten_dense_kmeta/variables/variables")).GetVariableToShapeMap().Keys.Where(k => k.StartsWith("layer", StringComparison.Ordinal)).Order();
        Assert.Equal(theirKeys, keys);

        // keras_metadata.pb: a node per layer object, the same paths and identifiers.
        var km1 = Proto.KerasMetadata.SavedMetadata.Parser.ParseFrom(File.ReadAllBytes(Fixtures.PathOf("savedmodel/tfk211_func_flatten_dense_kmeta/keras_metadata.pb")));
        var km2 = Proto.KerasMetadata.SavedMetadata.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "keras_metadata.pb")));
        // (The fixture was compiled, so it also lists its two metrics; this model is not.)
        Assert.Equal(km1.Nodes.Where(n => n.Identifier != "_tf_keras_metric").Select(n => (n.NodePath, n.Identifier)).Order(), km2.Nodes.Select(n => (n.NodePath, n.Identifier)).Order());
    }

    private static MetaGraphDef Read(string file) => Proto.SavedModel.Parser.ParseFrom(File.ReadAllBytes(file)).MetaGraphs.Single();

    private static string[] Kinds(MetaGraphDef m) =>
    [
        m.MetaInfoDef is null ? "-" : "meta_info_def", m.GraphDef is null ? "-" : "graph_def", m.SaverDef is null ? "-" : "saver_def",
        m.CollectionDef.Count == 0 ? "-" : "collection_def", m.SignatureDef.Count == 0 ? "-" : "signature_def", m.ObjectGraphDef is null ? "-" : "object_graph_def",
    ];

    private static string[] VarHandles(MetaGraphDef m) => m.GraphDef.Node.Where(n => n.Op == "VarHandleOp" && (n.Name.StartsWith("dense", StringComparison.Ordinal))).Select(n => n.Name).Order().ToArray();

    private static HashSet<string> FunctionOps(MetaGraphDef m, string name)
    {
        var library = m.GraphDef.Library.Function.ToDictionary(f => f.Signature.Name);
        var ops = new HashSet<string>();
        var todo = new Stack<string>([name]);
        while (todo.Count > 0)
        {
            foreach (NodeDef n in library[todo.Pop()].NodeDef)
            {
                ops.Add(n.Op);
                if (n.Attr.TryGetValue("f", out AttrValue? f) && library.ContainsKey(f.Func.Name))
                {
                    todo.Push(f.Func.Name);
                }
            }
        }

        return ops;
    }

    private static HashSet<string> FunctionOpsOfLibrary(MetaGraphDef m) => m.GraphDef.Library.Function.SelectMany(f => f.NodeDef.Select(n => n.Op)).ToHashSet();

    private static string[] Layers(SavedObjectGraph g) => g.Nodes.Where(n => n.KindCase == Proto.SavedObject.KindOneofCase.UserObject && n.UserObject.Identifier.StartsWith("_tf_keras", StringComparison.Ordinal) && n.UserObject.Identifier != "_tf_keras_metric").Select(n => n.UserObject.Identifier).Order().ToArray();

    private static string[] Variables(SavedObjectGraph g) => g.Nodes.Where(n => n.KindCase == Proto.SavedObject.KindOneofCase.Variable && n.Variable.Name.StartsWith("dense", StringComparison.Ordinal)).Select(n => $"{n.Variable.Name} {n.Variable.Dtype} {n.Variable.Trainable} [{string.Join(",", n.Variable.Shape.Dim.Select(d => d.Size))}]").Order().ToArray();
}
