// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Protos;
using Proto = Keras.Net.Protos;

namespace Keras.Net.Fuzz.Tests;

/// <summary>Small helpers that write hand-made TensorFlow graphs as SavedModel folders.</summary>
internal static class GraphBuilder
{
    internal static NodeDef Node(string name, string op, params string[] inputs)
    {
        var n = new NodeDef { Name = name, Op = op };
        n.Input.AddRange(inputs);
        return n;
    }

    internal static NodeDef With(this NodeDef node, string attr, AttrValue value)
    {
        node.Attr[attr] = value;
        return node;
    }

    internal static AttrValue Type(DataType t) => new() { Type = t };

    internal static AttrValue Int(long i) => new() { I = i };

    internal static AttrValue Bool(bool b) => new() { B = b };

    internal static AttrValue Str(string s) => new() { S = ByteString.CopyFromUtf8(s) };

    internal static AttrValue Func(string name) => new() { Func = new NameAttrList { Name = name } };

    internal static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    internal static TensorShapeProto ShapeOf(params long[] dims)
    {
        var s = new TensorShapeProto();
        s.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return s;
    }

    internal static NodeDef Placeholder(string name, params long[] dims) =>
        Node(name, "Placeholder").With("dtype", Type(DataType.DtFloat)).With("shape", new AttrValue { Shape = ShapeOf(dims) });

    internal static NodeDef FloatConst(string name, long[] dims, float fill)
    {
        var t = new TensorProto { Dtype = DataType.DtFloat, TensorShape = ShapeOf(dims) };
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count is > 0 and <= 4096)
        {
            t.FloatVal.AddRange(Enumerable.Repeat(fill, (int)count));
        }
        else
        {
            t.FloatVal.Add(fill);
        }

        return Node(name, "Const").With("dtype", Type(DataType.DtFloat)).With("value", new AttrValue { Tensor = t });
    }

    internal static NodeDef IntConst(string name, params long[] values) => LongConst(name, DataType.DtInt32, values);

    internal static NodeDef LongConst(string name, DataType type, long[] values, long[]? dims = null)
    {
        var t = new TensorProto { Dtype = type, TensorShape = ShapeOf(dims ?? [values.Length]) };
        if (type == DataType.DtInt64)
        {
            t.Int64Val.AddRange(values);
        }
        else
        {
            t.IntVal.AddRange(values.Select(v => unchecked((int)v)));
        }

        return Node(name, "Const").With("dtype", Type(type)).With("value", new AttrValue { Tensor = t });
    }

    internal static NodeDef StringConst(string name, string value)
    {
        var t = new TensorProto { Dtype = DataType.DtString, TensorShape = ShapeOf() };
        t.StringVal.Add(ByteString.CopyFromUtf8(value));
        return Node(name, "Const").With("dtype", Type(DataType.DtString)).With("value", new AttrValue { Tensor = t });
    }

    internal static FunctionDef Function(string name, string[] inputs, string[] outputs, IEnumerable<NodeDef> body, IDictionary<string, string> ret)
    {
        var sig = new OpDef { Name = name };
        sig.InputArg.AddRange(inputs.Select(i => new OpDef.Types.ArgDef { Name = i, Type = DataType.DtFloat }));
        sig.OutputArg.AddRange(outputs.Select(o => new OpDef.Types.ArgDef { Name = o, Type = DataType.DtFloat }));
        var f = new FunctionDef { Signature = sig };
        f.NodeDef.AddRange(body);
        foreach (var (k, v) in ret)
        {
            f.Ret[k] = v;
        }

        return f;
    }

    /// <summary>Writes <c>saved_model.pb</c> with one <c>serving_default</c> signature <c>x -> y</c>.</summary>
    internal static string Write(string dir, GraphDef graph, string input, long[] inputShape, string output, SaverDef? saver = null)
    {
        Directory.CreateDirectory(dir);
        var sig = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        sig.Inputs["x"] = new TensorInfo { Name = input, Dtype = DataType.DtFloat, TensorShape = ShapeOf(inputShape) };
        sig.Outputs["y"] = new TensorInfo { Name = output, Dtype = DataType.DtFloat };
        var meta = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef(), GraphDef = graph, SaverDef = saver };
        meta.MetaInfoDef.Tags.Add("serve");
        meta.SignatureDef["serving_default"] = sig;
        var model = new Proto.SavedModel { SavedModelSchemaVersion = 1 };
        model.MetaGraphs.Add(meta);
        File.WriteAllBytes(Path.Combine(dir, "saved_model.pb"), model.ToByteArray());
        return dir;
    }
}
