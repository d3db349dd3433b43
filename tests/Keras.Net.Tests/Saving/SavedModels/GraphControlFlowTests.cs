// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Protos;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>TensorFlow 2's functional conditionals in a serving graph: If/StatelessIf and Case/StatelessCase.</summary>
public sealed class GraphControlFlowTests : KerasTestBase
{
    [Theory]
    [InlineData(true, 0, 4f, 4f)]
    [InlineData(false, 1, 6f, 6f)]
    [InlineData(true, 7, 4f, 6f)]
    [InlineData(false, -1, 6f, 6f)]
    public void IfAndCase_RunTheChosenFunction(bool flag, int index, float expectedIf, float expectedCase)
    {
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        File.WriteAllBytes(dir.File("saved_model.pb"), Graph().ToByteArray());
        using var graph = Keras.Net.Saving.SavedModels.SavedModel.Load(dir.Path);

        // x = 3: add_one gives 4, times_two gives 6; a Case index out of range runs the last branch.
        var outputs = graph.Signatures["serving_default"].Call(new Dictionary<string, Tensor>
        {
            ["x"] = Ops.FromArray([3f], [1]),
            ["flag"] = Ops.Cast(Ops.FromArray([flag ? 1f : 0f], []), Keras.Net.Backend.DType.Bool),
            ["index"] = Ops.Cast(Ops.FromArray([(float)index], []), Keras.Net.Backend.DType.Int32),
        });

        TensorAssert.Close([expectedIf], outputs["if"]);
        TensorAssert.Close([expectedCase], outputs["case"]);
    }

    private static Keras.Net.Protos.SavedModel Graph()
    {
        var meta = new MetaGraphDef { MetaInfoDef = new() { Tags = { "serve" } }, GraphDef = new() { Library = new() } };
        meta.GraphDef.Library.Function.Add(Unary("add_one", "AddV2", 1f));
        meta.GraphDef.Library.Function.Add(Unary("times_two", "Mul", 2f));
        meta.GraphDef.Node.Add(Placeholder("x", DataType.DtFloat));
        meta.GraphDef.Node.Add(Placeholder("flag", DataType.DtBool));
        meta.GraphDef.Node.Add(Placeholder("index", DataType.DtInt32));
        var ifNode = new NodeDef { Name = "cond", Op = "StatelessIf", Input = { "flag", "x" } };
        ifNode.Attr["then_branch"] = new AttrValue { Func = new NameAttrList { Name = "add_one" } };
        ifNode.Attr["else_branch"] = new AttrValue { Func = new NameAttrList { Name = "times_two" } };
        meta.GraphDef.Node.Add(ifNode);
        var caseNode = new NodeDef { Name = "switch", Op = "Case", Input = { "index", "x" } };
        var branches = new AttrValue.Types.ListValue();
        branches.Func.Add(new NameAttrList { Name = "add_one" });
        branches.Func.Add(new NameAttrList { Name = "times_two" });
        caseNode.Attr["branches"] = new AttrValue { List = branches };
        meta.GraphDef.Node.Add(caseNode);
        var signature = new SignatureDef();
        signature.Inputs["x"] = new TensorInfo { Name = "x:0", Dtype = DataType.DtFloat };
        signature.Inputs["flag"] = new TensorInfo { Name = "flag:0", Dtype = DataType.DtBool };
        signature.Inputs["index"] = new TensorInfo { Name = "index:0", Dtype = DataType.DtInt32 };
        signature.Outputs["if"] = new TensorInfo { Name = "cond:0", Dtype = DataType.DtFloat };
        signature.Outputs["case"] = new TensorInfo { Name = "switch:0", Dtype = DataType.DtFloat };
        meta.SignatureDef["serving_default"] = signature;
        return new Keras.Net.Protos.SavedModel { MetaGraphs = { meta } };
    }

    private static NodeDef Placeholder(string name, DataType type)
    {
        var node = new NodeDef { Name = name, Op = "Placeholder" };
        node.Attr["dtype"] = new AttrValue { Type = type };
        return node;
    }

    /// <summary>A function y = op(x, constant).</summary>
    private static FunctionDef Unary(string name, string op, float constant)
    {
        var fn = new FunctionDef { Signature = new OpDef { Name = name } };
        fn.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = "x", Type = DataType.DtFloat });
        fn.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = "y", Type = DataType.DtFloat });
        var c = new NodeDef { Name = "c", Op = "Const" };
        var value = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto() };
        value.FloatVal.Add(constant);
        c.Attr["value"] = new AttrValue { Tensor = value };
        c.Attr["dtype"] = new AttrValue { Type = DataType.DtFloat };
        var body = new NodeDef { Name = "op", Op = op, Input = { "x", "c:output:0" } };
        body.Attr["T"] = new AttrValue { Type = DataType.DtFloat };
        fn.NodeDef.Add(c);
        fn.NodeDef.Add(body);
        fn.Ret["y"] = "op:z:0";
        return fn;
    }
}
