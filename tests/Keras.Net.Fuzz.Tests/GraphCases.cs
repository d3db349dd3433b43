// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Protos;
using static Keras.Net.Fuzz.Tests.GraphBuilder;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// Hand-made TensorFlow graphs that lie: recursion, deep chains, shapes that disagree, sizes from attributes, node
/// references that do not exist, restore ops that read outside the folder. Each variant takes its sizes from the
/// case's random stream.
/// </summary>
internal static class GraphCases
{
    private static readonly long[] Huge = [0, -1, -7, 7, 1L << 31, (1L << 31) - 1, 1L << 40, long.MaxValue, 100_000_000];

    /// <summary>The variants, each writing one SavedModel folder and naming it.</summary>
    internal static readonly (string Name, Func<string, Random, FuzzTarget> Write)[] Variants =
    [
        ("self-recursive function", (dir, _) => Calls(dir, ("F", "F"))),
        ("mutually recursive functions", (dir, _) => Calls(dir, ("F", "G"), ("G", "H"), ("H", "F"))),
        ("recursion through the op name", (dir, _) => OpNameRecursion(dir)),
        ("call chain", (dir, r) => CallChain(dir, new[] { 10, 200, 2_000, 5_000, 20_000 }[r.Next(5)])),
        ("identity chain", (dir, r) => IdentityChain(dir, new[] { 100, 5_000, 10_000, 50_000, 100_000 }[r.Next(5)])),
        ("MatMul shape lie", (dir, r) => Unary(dir, "w", [FloatConst("w", Pick<long[]>(r, [7, 3], [3], [6, 3, 2], [1, 1]), 1f)], x => Node("y", "MatMul", x, "w").With("transpose_b", Bool(r.Next(3) == 0)))),
        ("OneHot depth", (dir, r) => Unary(dir, "cast", [Node("cast", "Cast", "x").With("DstT", Type(DataType.DtInt64)), LongConst("depth", DataType.DtInt32, [Huge[r.Next(Huge.Length)]], []), FloatConst("on", [], 1), FloatConst("off", [], 0)], _ => Node("y", "OneHot", "cast", "depth", "on", "off").With("T", Type(DataType.DtFloat)))),
        ("Reshape lie", (dir, r) => Unary(dir, "s", [LongConst("s", DataType.DtInt64, Pick<long[]>(r, [100_000, 100_000], [-1, -1], [7], [0], [1L << 40], [-5, 2]))], x => Node("y", "Reshape", x, "s"))),
        ("Transpose lie", (dir, r) => Unary(dir, "p", [IntConst("p", Pick<long[]>(r, [5, 0], [0, 0], [1], [-9, 1], [0, 1, 2]))], x => Node("y", "Transpose", x, "p"))),
        ("ConcatV2 axis lie", (dir, r) => Unary(dir, "a", [IntConst("a", Huge[r.Next(Huge.Length)] % 1000), FloatConst("c", Pick<long[]>(r, [3, 3], [2, 7], [1]), 2)], x => Node("y", "ConcatV2", x, "c", "a").With("N", Int(2)))),
        ("Pack mismatch", (dir, r) => Unary(dir, "c", [FloatConst("c", Pick<long[]>(r, [3, 3], [2, 7], [1]), 2)], x => Node("y", "Pack", x, "c").With("axis", Int(r.Next(7) - 3)))),
        ("GatherNd out of range", (dir, r) => Unary(dir, "i", [LongConst("i", DataType.DtInt64, [Huge[r.Next(Huge.Length)], 0], [1, 2])], x => Node("y", "GatherNd", x, "i"))),
        ("SparseToDense lie", (dir, r) => Unary(dir, "s", [LongConst("idx", DataType.DtInt64, [Huge[r.Next(Huge.Length)]], [1, 1]), LongConst("s", DataType.DtInt64, [Huge[r.Next(Huge.Length)]]), FloatConst("v", [], 1), FloatConst("d", [], 0)], _ => Node("y", "SparseToDense", "idx", "s", "v", "d"))),
        ("Const huge declared shape", (dir, r) => Unary(dir, "c", [FloatConst("c", Pick<long[]>(r, [1_000_000, 1_000_000], [1L << 40], [-3, 2], [100_000, 10_000]), 1)], x => Node("y", "AddV2", x, "c"))),
        ("Const tensor_content lie", (dir, r) => Unary(dir, "c", [ContentConst(r)], x => Node("y", "AddV2", x, "c"))),
        ("Conv2D mismatch", (dir, r) => Conv(dir, r)),
        ("MaxPool lie", (dir, r) => Unary(dir, "r", [LongConst("s", DataType.DtInt64, [2, 3, 2, 1]), Node("r", "Reshape", "x", "s")], _ => Node("y", r.Next(2) == 0 ? "MaxPool" : "AvgPool", "r").With("ksize", Ints(Pick<long[]>(r, [1, 0, 0, 1], [1, 9, 9, 1], [1, -1, 2, 1], [1, 1L << 40, 1, 1]))).With("strides", Ints(Pick<long[]>(r, [1, 1, 1, 1], [1, 0, 0, 1], [1, -2, 1, 1]))).With("padding", Str(r.Next(2) == 0 ? "SAME" : "VALID")))),
        ("StridedSlice lie", (dir, r) => Unary(dir, "sh", [Node("sh", "Shape", "x").With("out_type", Type(DataType.DtInt32)), IntConst("b", Huge[r.Next(Huge.Length)] % 100), IntConst("e", Huge[r.Next(Huge.Length)] % 100), IntConst("st", r.Next(3) - 1)], _ => Node("y0", "StridedSlice", "sh", "b", "e", "st").With("shrink_axis_mask", Int(r.Next(2))), extra: [Node("y", "Cast", "y0").With("DstT", Type(DataType.DtFloat))])),
        ("Squeeze/ExpandDims axis", (dir, r) => Unary(dir, "a", [IntConst("a", Huge[r.Next(Huge.Length)] % 1000)], x => r.Next(2) == 0 ? Node("y", "ExpandDims", x, "a") : Node("y", "Squeeze", x).With("squeeze_dims", Ints(Huge[r.Next(Huge.Length)] % 1000)))),
        ("dangling inputs", (dir, r) => Unary(dir, "x", [], x => Node("y", "AddV2", x, Pick<string[]>(r, ["nope"], ["x:99"], ["x:-1"], ["x:a:b:c"], [""]).Single()))),
        ("AddN with no inputs", (dir, _) => Unary(dir, "x", [], _ => Node("y", "AddN").With("N", Int(0)))),
        ("attribute type lies", (dir, r) => Unary(dir, "x", [], x => r.Next(3) switch
        {
            0 => Node("y", "Cast", x).With("DstT", new AttrValue { Type = (DataType)999 }),
            1 => Node("y", "Cast", x).With("DstT", Str("float")),
            _ => Node("y", "LeakyRelu", x).With("alpha", Str("big")),
        })),
        ("Mean axes lie", (dir, r) => Unary(dir, "a", [IntConst("a", Huge[r.Next(Huge.Length)] % 1000, r.Next(5))], x => Node("y", r.Next(3) switch { 0 => "Mean", 1 => "Sum", _ => "Max" }, x, "a"))),
        ("BiasAdd mismatch", (dir, r) => Unary(dir, "b", [FloatConst("b", Pick<long[]>(r, [5], [2, 2], [0], []), 1)], x => Node("y", "BiasAdd", x, "b").With("data_format", Str(r.Next(2) == 0 ? "NCHW" : "NHWC")))),
        ("table import mismatch", (dir, r) => TableMismatch(dir, r)),
        ("Bucketize huge", (dir, r) => Unary(dir, "x", [], x => Node("y", "Bucketize", x).With("boundaries", new AttrValue { List = Floats(r.Next(2) == 0 ? 3 : 2_000_000) }))),
        ("restore outside the folder", (dir, r) => RestoreOutside(dir, r)),
        ("Fill from lying dims", (dir, r) => Unary(dir, "d", [LongConst("d", DataType.DtInt64, Pick<long[]>(r, [1L << 20, 1L << 20], [-1, 5], [1L << 40], [3, 0])), FloatConst("v", [], 1)], _ => Node("y", "Fill", "d", "v"))),
        ("Range runaway", (dir, r) => Unary(dir, "l", [FloatConst("s", [], 0), FloatConst("l", [], Pick(r, 1e12f, -5f, 3f, float.PositiveInfinity)), FloatConst("d", [], Pick(r, 0f, 1f, -1f, 1e-30f))], _ => Node("y", "Range", "s", "l", "d"))),
        ("GatherV2 lying indices", (dir, r) => Unary(dir, "i", [LongConst("i", DataType.DtInt64, [Huge[r.Next(Huge.Length)] % 100]), LongConst("a", DataType.DtInt64, [Pick<long>(r, 0, 1, 7, -3)], [])], x => Node("y", "GatherV2", x, "i", "a"))),
        ("While forever", (dir, _) => WhileForever(dir)),
        ("TensorList lies", (dir, r) => Unary(dir, "n", [LongConst("n", DataType.DtInt32, [Pick<long>(r, -1, 1L << 30, 3)], []), LongConst("es", DataType.DtInt32, [-1], []), LongConst("i", DataType.DtInt32, [Pick<long>(r, 0, 5, -1)], []),
            Node("list", "TensorListReserve", "es", "n").With("element_dtype", Type(DataType.DtFloat))], x => r.Next(2) == 0
                ? Node("y", "TensorListGetItem", "list", "i", "es").With("element_dtype", Type(DataType.DtFloat))
                : Node("y", "TensorListStack", "list", "es").With("element_dtype", Type(DataType.DtFloat)))),
        ("Split lies", (dir, r) => Unary(dir, "a", [LongConst("a", DataType.DtInt32, [Pick<long>(r, 0, 1, 9, -1)], []), LongConst("s", DataType.DtInt64, Pick<long[]>(r, [1, -1], [-1, -1], [7, 7], [2, 4]))], x => r.Next(2) == 0 ? Node("y", "SplitV", x, "s", "a") : Node("y", "Split", "a", x).With("num_split", Int(Pick<long>(r, 0, 4, 5, 1L << 40))))),
    ];

    private static T Pick<T>(Random r, params T[] options) => options[r.Next(options.Length)];

    private static AttrValue.Types.ListValue Floats(int n)
    {
        var l = new AttrValue.Types.ListValue();
        l.F.AddRange(Enumerable.Range(0, n).Select(i => (float)i));
        return l;
    }

    /// <summary>x [2, 6] -> nodes -> y (the last node), served.</summary>
    private static FuzzTarget Unary(string dir, string unused, NodeDef[] nodes, Func<string, NodeDef> last, NodeDef[]? extra = null)
    {
        _ = unused;
        var g = new GraphDef();
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.AddRange(nodes);
        g.Node.Add(last("x"));
        g.Node.AddRange(extra ?? []);
        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    /// <summary>x -> F(x); each (caller, callee) pair makes caller's body call callee.</summary>
    private static FuzzTarget Calls(string dir, params (string Caller, string Callee)[] edges)
    {
        var g = new GraphDef { Library = new FunctionDefLibrary() };
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.Add(Node("y", "StatefulPartitionedCall", "x").With("f", Func(edges[0].Caller)));
        foreach (var (caller, callee) in edges)
        {
            g.Library.Function.Add(Function(caller, ["a"], ["out"], [Node("c", "PartitionedCall", "a").With("f", Func(callee))], new Dictionary<string, string> { ["out"] = "c:output:0" }));
        }

        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    private static FuzzTarget OpNameRecursion(string dir)
    {
        var g = new GraphDef { Library = new FunctionDefLibrary() };
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.Add(Node("y", "Loop", "x"));
        g.Library.Function.Add(Function("Loop", ["a"], ["out"], [Node("c", "Loop", "a")], new Dictionary<string, string> { ["out"] = "c:out:0" }));
        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    /// <summary>A While whose condition is always true and whose body returns its argument.</summary>
    private static FuzzTarget WhileForever(string dir)
    {
        var g = new GraphDef { Library = new FunctionDefLibrary() };
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.Add(Node("y", "StatelessWhile", "x").With("cond", Func("Cond")).With("body", Func("Body")));
        var cond = Function("Cond", ["a"], ["out"], [Node("t", "Const").With("dtype", Type(DataType.DtBool)).With("value", new AttrValue { Tensor = BoolTrue() })], new Dictionary<string, string> { ["out"] = "t:output:0" });
        g.Library.Function.Add(cond);
        g.Library.Function.Add(Function("Body", ["a"], ["out"], [], new Dictionary<string, string> { ["out"] = "a" }));
        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    private static TensorProto BoolTrue()
    {
        var t = new TensorProto { Dtype = DataType.DtBool, TensorShape = ShapeOf() };
        t.BoolVal.Add(true);
        return t;
    }

    private static FuzzTarget CallChain(string dir, int depth)
    {
        var g = new GraphDef { Library = new FunctionDefLibrary() };
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.Add(Node("y", "PartitionedCall", "x").With("f", Func("F0")));
        for (int i = 0; i < depth; i++)
        {
            NodeDef body = i == depth - 1 ? Node("c", "Identity", "a") : Node("c", "PartitionedCall", "a").With("f", Func($"F{i + 1}"));
            g.Library.Function.Add(Function($"F{i}", ["a"], ["out"], [body], new Dictionary<string, string> { ["out"] = i == depth - 1 ? "c:output:0" : "c:output:0" }));
        }

        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    private static FuzzTarget IdentityChain(string dir, int length)
    {
        var g = new GraphDef();
        g.Node.Add(Placeholder("x", -1, 6));
        for (int i = 0; i < length; i++)
        {
            g.Node.Add(Node(i == length - 1 ? "y" : $"n{i}", "Identity", i == 0 ? "x" : $"n{i - 1}"));
        }

        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    private static NodeDef ContentConst(Random r)
    {
        long[] dims = Pick<long[]>(r, [1000], [1L << 40], [2, 6], [3], [-1]);
        int bytes = Pick(r, 0, 4, 48, 47, 100);
        var t = new TensorProto { Dtype = Pick(r, DataType.DtFloat, DataType.DtDouble, DataType.DtInt64, DataType.DtHalf, (DataType)77), TensorShape = ShapeOf(dims), TensorContent = ByteString.CopyFrom(new byte[bytes]) };
        return Node("c", "Const").With("dtype", Type(t.Dtype)).With("value", new AttrValue { Tensor = t });
    }

    private static FuzzTarget Conv(string dir, Random r)
    {
        long[] filter = Pick<long[]>(r, [2, 2, 5, 4], [2, 2, 1, 4], [9, 9, 1, 1], [2, 2], [1, 1, 1, 1L << 20]);
        return Unary(dir, "f", [LongConst("s", DataType.DtInt64, [2, 3, 2, 1]), Node("r", "Reshape", "x", "s"), FloatConst("f", filter, 1)], _ =>
            Node("y", r.Next(3) == 0 ? "DepthwiseConv2dNative" : "Conv2D", "r", "f")
                .With("strides", Ints(Pick<long[]>(r, [1, 1, 1, 1], [1, 0, 0, 1], [1, -1, 1, 1], [1, 2]))).With("padding", Str(Pick(r, "SAME", "VALID", "EXPLICIT", "BOGUS")))
                .With("explicit_paddings", Ints(Pick<long[]>(r, [0, 0, 1, 1, 1, 1, 0, 0], [0, 0, -5, 0, 0, 0, 0, 0], [1], [0, 0, 1L << 40, 0, 0, 0, 0, 0]))));
    }

    private static FuzzTarget TableMismatch(string dir, Random r)
    {
        var g = new GraphDef();
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.Add(Node("t", "HashTableV2").With("shared_name", Str("t")));
        g.Node.Add(StringConst("k", "a"));
        g.Node.Add(LongConst("v", DataType.DtInt64, Enumerable.Range(0, r.Next(4)).Select(i => (long)i).ToArray()));
        g.Node.Add(Node("imp", "LookupTableImportV2", "t", "k", "v"));
        g.Node.Add(Node("y", "Identity", "x", "^imp"));
        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0"));
    }

    /// <summary>A restore op whose prefix is a constant pointing outside the folder, at a real checkpoint.</summary>
    private static FuzzTarget RestoreOutside(string dir, Random r)
    {
        string outside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir))!, "outside-" + Path.GetFileName(dir));
        Directory.CreateDirectory(outside);
        string prefix = Path.Combine(outside, "secret");
        using (var writer = new Keras.Net.Saving.Checkpoints.BundleWriter(prefix))
        {
            using Tensor secret = Ops.FromArray(Enumerable.Repeat(1234.5f, 6).ToArray(), [6]);
            writer.Add("v/.ATTRIBUTES/VARIABLE_VALUE", secret, DType.Float32, [6]);
            writer.Finish();
        }

        string pointer = r.Next(3) switch
        {
            0 => prefix,
            1 => Path.Combine(dir, "variables", "..", "..", Path.GetFileName(outside), "secret"),
            _ => "file://" + prefix,
        };
        var g = new GraphDef();
        g.Node.Add(Placeholder("x", -1, 6));
        g.Node.Add(Node("v", "VarHandleOp").With("dtype", Type(DataType.DtFloat)).With("shape", new AttrValue { Shape = ShapeOf(6) }).With("shared_name", Str("v")));
        g.Node.Add(Node("saver_filename", "Placeholder").With("dtype", Type(DataType.DtString)));
        g.Node.Add(StringConst("prefix", pointer));
        var names = new TensorProto { Dtype = DataType.DtString, TensorShape = ShapeOf(1) };
        names.StringVal.Add(ByteString.CopyFromUtf8("v/.ATTRIBUTES/VARIABLE_VALUE"));
        var slices = new TensorProto { Dtype = DataType.DtString, TensorShape = ShapeOf(1) };
        slices.StringVal.Add(ByteString.Empty);
        g.Node.Add(Node("names", "Const").With("dtype", Type(DataType.DtString)).With("value", new AttrValue { Tensor = names }));
        g.Node.Add(Node("slices", "Const").With("dtype", Type(DataType.DtString)).With("value", new AttrValue { Tensor = slices }));
        g.Node.Add(Node("restore", "RestoreV2", "prefix", "names", "slices"));
        g.Node.Add(Node("assign", "AssignVariableOp", "v", "restore"));
        g.Node.Add(Node("restore_all", "NoOp", "^assign"));
        g.Node.Add(Node("read", "ReadVariableOp", "v").With("dtype", Type(DataType.DtFloat)));
        g.Node.Add(Node("y", "AddV2", "x", "read"));

        // The loader restores only when variables/variables.index exists: give it one (empty of this key).
        string own = Path.Combine(dir, "variables", "variables");
        Directory.CreateDirectory(Path.GetDirectoryName(own)!);
        using (var writer = new Keras.Net.Saving.Checkpoints.BundleWriter(own))
        {
            writer.Finish();
        }

        var saver = new SaverDef { FilenameTensorName = "saver_filename:0", RestoreOpName = "restore_all" };
        return new FuzzTarget(FuzzOperation.ServeSavedModel, Write(dir, g, "x:0", [-1, 6], "y:0", saver), MustRefuse: true);
    }
}
