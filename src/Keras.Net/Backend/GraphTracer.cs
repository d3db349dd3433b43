// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Google.Protobuf;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Saving.SavedModels;

namespace Keras.Net.Backend;

/// <summary>
/// Records the ops a model runs into the body of a TensorFlow function (design.md "Tracing"): while a tracer is
/// active on the thread, every traced <see cref="Ops"/> call appends a NodeDef (MatMul, BiasAdd, Relu, ...) whose
/// inputs name the nodes that produced its input tensors. Variables become <c>ReadVariableOp</c>s of resource
/// arguments, numbers become <c>Const</c>s. A tensor that no traced op produced cannot be named, so the save fails
/// naming the layer that made it.
/// </summary>
internal sealed class GraphTracer : IDisposable
{
    [ThreadStatic]
    private static GraphTracer? _current;

    private readonly Dictionary<Tensor, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, (string Arg, DType DType)> _variables = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Stack<string> _layers = new();
    private readonly GraphTracer? _previous;

    internal GraphTracer()
    {
        _previous = _current;
        _current = this;
    }

    /// <summary>The tracer of this thread, if a save is tracing.</summary>
    internal static GraphTracer? Current => _current;

    /// <summary>The function body recorded so far.</summary>
    internal List<NodeDef> Nodes { get; } = [];

    /// <summary>The op types used (for the meta graph's OpDef list).</summary>
    internal HashSet<string> OpsUsed { get; } = new(StringComparer.Ordinal);

    /// <summary>Names a function argument: <paramref name="tensor"/> is read as <paramref name="arg"/>.</summary>
    internal void BindInput(Tensor tensor, string arg) => _names[tensor] = arg;

    /// <summary>Names a variable's storage: reads become <c>ReadVariableOp(arg)</c>.</summary>
    internal void BindVariable(Tensor value, string resourceArg, DType dtype) => _variables[value] = (resourceArg, dtype);

    /// <summary>The body reference of a traced tensor (<c>dense/BiasAdd:output:0</c>).</summary>
    internal string NameOf(Tensor tensor, string consumer)
    {
        if (_names.TryGetValue(tensor, out string? name))
        {
            return name;
        }

        if (_variables.TryGetValue(tensor, out var v))
        {
            NodeDef read = Node("ReadVariableOp", "ReadVariableOp", [v.Arg]);
            read.Attr["dtype"] = new AttrValue { Type = TfDataTypes.FromDType(v.DType) };
            name = read.Name + ":value:0";
            _names[tensor] = name;
            return name;
        }

        string layer = _layers.Count > 0 ? $"Layer \"{_layers.Peek()}\"" : "The model";
        throw new NotSupportedException(
            $"{layer} computes a tensor that cannot be traced into a TensorFlow graph (its op has no TensorFlow equivalent here, or the layer calls TorchSharp directly), used by {consumer}. Save with saveTraces: false to write the SavedModel without traced functions.");
    }

    /// <summary>Enters a layer's call (for node names and error messages).</summary>
    internal static LayerScope? EnterLayer(string name)
    {
        if (_current is not { } t)
        {
            return null;
        }

        t._layers.Push(name);
        return new LayerScope(t);
    }

    /// <summary>Whether a save is tracing on this thread (callers skip building trace arguments when not).</summary>
    internal static bool IsTracing => _current is not null;

    /// <summary>Records <paramref name="result"/> = <paramref name="op"/>(<paramref name="x"/>) when tracing; returns <paramref name="result"/>.</summary>
    /// <remarks>The one- and two-input overloads keep the untraced hot path free of a params array per op.</remarks>
    internal static Tensor Traced(string op, Tensor result, Tensor x)
    {
        if (_current is { } t)
        {
            t.Record(op, result, [t.NameOf(x, op)], null);
        }

        return result;
    }

    /// <summary>Records <paramref name="result"/> = <paramref name="op"/>(<paramref name="a"/>, <paramref name="b"/>) when tracing; returns <paramref name="result"/>.</summary>
    internal static Tensor Traced(string op, Tensor result, Tensor a, Tensor b)
    {
        if (_current is { } t)
        {
            string first = t.NameOf(a, op);
            t.Record(op, result, [first, t.NameOf(b, op)], null);
        }

        return result;
    }

    /// <summary>Records a binary op whose second operand is a number (a scalar <c>Const</c> of the tensor's dtype).</summary>
    internal static Tensor TracedScalar(string op, Tensor result, Tensor x, double y)
    {
        if (_current is { } t)
        {
            string a = t.NameOf(x, op);
            t.Record(op, result, [a, t.Constant(y, Ops.DTypeOf(x))], null);
        }

        return result;
    }

    /// <summary>Records an op with extra inputs or attributes.</summary>
    internal static Tensor TracedWith(string op, Tensor result, IReadOnlyList<Tensor> inputs, Func<GraphTracer, IEnumerable<string>>? extraInputs, Action<NodeDef>? attrs)
    {
        if (_current is { } t)
        {
            string[] names = inputs.Select(i => t.NameOf(i, op)).Concat(extraInputs?.Invoke(t) ?? []).ToArray();
            t.Record(op, result, names, attrs);
        }

        return result;
    }

    /// <summary>Dense's fused affine map as TensorFlow writes it: <c>MatMul</c> then <c>BiasAdd</c>.</summary>
    internal static Tensor TracedAffine(Tensor result, Tensor x, Tensor kernel, Tensor? bias)
    {
        if (_current is { } t)
        {
            long[] inShape = Ops.ShapeOf(x).ToArray();
            long[] kShape = Ops.ShapeOf(kernel).ToArray();
            string left = t.NameOf(x, "MatMul");
            if (inShape.Length > 2)
            {
                // Tensordot as TensorFlow writes it for Dense on rank > 2: flatten the leading axes, MatMul, restore them.
                NodeDef flat = t.Node("Reshape", "Tensordot/Reshape", [left, t.IntVector([-1, inShape[^1]])]);
                flat.Attr["T"] = DTypeAttr(result);
                flat.Attr["Tshape"] = new AttrValue { Type = DataType.DtInt32 };
                left = flat.Name + ":output:0";
            }

            NodeDef matmul = t.Node("MatMul", "MatMul", [left, t.NameOf(kernel, "MatMul")]);
            matmul.Attr["T"] = DTypeAttr(result);
            string product = matmul.Name + ":product:0";
            if (inShape.Length > 2)
            {
                NodeDef back = t.Node("Reshape", "Tensordot", [product, t.IntVector([-1, .. inShape[1..^1], kShape[^1]])]);
                back.Attr["T"] = DTypeAttr(result);
                back.Attr["Tshape"] = new AttrValue { Type = DataType.DtInt32 };
                product = back.Name + ":output:0";
            }

            if (bias is null)
            {
                t._names[result] = product;
                return result;
            }

            NodeDef add = t.Node("BiasAdd", "BiasAdd", [product, t.NameOf(bias, "BiasAdd")]);
            add.Attr["T"] = DTypeAttr(result);
            t._names[result] = add.Name + ":output:0";
        }

        return result;
    }

    /// <summary>A 2-D convolution as TensorFlow writes it (NHWC <c>Conv2D</c>, then <c>BiasAdd</c>).</summary>
    internal static Tensor TracedConvolution(Tensor result, Tensor x, Tensor kernel, Tensor? bias, long[] strides, long[] dilations, long groups, (long Before, long After)[] padding)
    {
        if (_current is not { } t)
        {
            return result;
        }

        if (strides.Length is not (1 or 2) || groups != 1)
        {
            throw t.Untraceable($"a {strides.Length}-D convolution with {groups} group(s) (only 1-D and 2-D ungrouped convolutions are traced)");
        }

        long[] shape = Ops.ShapeOf(x).ToArray();
        long[] k = Ops.ShapeOf(kernel).ToArray();
        string input = t.NameOf(x, "Conv2D"), filter = t.NameOf(kernel, "Conv2D");
        bool oneD = strides.Length == 1;
        if (oneD)
        {
            // TensorFlow's Conv1D: expand to a height-1 image, Conv2D, squeeze the height away.
            input = t.ExpandDims(input, 1, result);
            filter = t.ExpandDims(filter, 0, result);
            shape = [shape[0], 1, shape[1], shape[2]];
            k = [1, k[0], k[1], k[2]];
            strides = [1, strides[0]];
            dilations = [1, dilations[0]];
            padding = [(0, 0), padding[0]];
        }

        NodeDef conv = t.Node("Conv2D", "Conv2D", [input, filter]);
        conv.Attr["T"] = DTypeAttr(result);
        conv.Attr["strides"] = Ints(1, strides[0], strides[1], 1);
        conv.Attr["dilations"] = Ints(1, dilations[0], dilations[1], 1);
        conv.Attr["data_format"] = new AttrValue { S = ByteString.CopyFromUtf8("NHWC") };
        t.SetPadding(conv, padding, [shape[1], shape[2]], [k[0], k[1]], strides, dilations, allowExplicit: true);
        string output = conv.Name + ":output:0";
        if (oneD)
        {
            NodeDef squeeze = t.Node("Squeeze", "Conv1D/Squeeze", [output]);
            squeeze.Attr["T"] = DTypeAttr(result);
            squeeze.Attr["squeeze_dims"] = Ints(1);
            output = squeeze.Name + ":output:0";
        }
        if (bias is not null)
        {
            NodeDef add = t.Node("BiasAdd", "BiasAdd", [output, t.NameOf(bias, "BiasAdd")]);
            add.Attr["T"] = DTypeAttr(result);
            output = add.Name + ":output:0";
        }

        t._names[result] = output;
        return result;
    }

    /// <summary>2-D max or average pooling as TensorFlow writes it (<c>MaxPool</c>/<c>AvgPool</c>, VALID or SAME).</summary>
    internal static Tensor TracedPool(Tensor result, Tensor x, bool max, long[] poolSize, long[] strides, (long Before, long After)[] padding)
    {
        if (_current is not { } t)
        {
            return result;
        }

        if (poolSize.Length != 2)
        {
            throw t.Untraceable($"{poolSize.Length}-D pooling (only 2-D pooling is traced)");
        }

        long[] shape = Ops.ShapeOf(x).ToArray();
        string op = max ? "MaxPool" : "AvgPool";
        NodeDef pool = t.Node(op, op, [t.NameOf(x, op)]);
        pool.Attr["T"] = DTypeAttr(result);
        pool.Attr["ksize"] = Ints(1, poolSize[0], poolSize[1], 1);
        pool.Attr["strides"] = Ints(1, strides[0], strides[1], 1);
        pool.Attr["data_format"] = new AttrValue { S = ByteString.CopyFromUtf8("NHWC") };
        t.SetPadding(pool, padding, [shape[1], shape[2]], poolSize, strides, [1, 1], allowExplicit: false);
        t._names[result] = pool.Name + ":output:0";
        return result;
    }

    private string ExpandDims(string input, long axis, Tensor like)
    {
        NodeDef node = Node("ExpandDims", "Conv1D/ExpandDims", [input, IntVector([axis], scalar: true)]);
        node.Attr["T"] = DTypeAttr(like);
        node.Attr["Tdim"] = new AttrValue { Type = DataType.DtInt32 };
        return node.Name + ":output:0";
    }

    private static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    /// <summary>VALID when unpadded, SAME when the padding is TensorFlow's same padding, else EXPLICIT (convolutions only).</summary>
    private void SetPadding(NodeDef node, (long Before, long After)[] padding, long[] input, long[] kernel, long[] strides, long[] dilations, bool allowExplicit)
    {
        string mode;
        if (padding.All(p => p.Before == 0 && p.After == 0))
        {
            mode = "VALID";
        }
        else if (Enumerable.Range(0, 2).All(i => padding[i] == Layers.ConvUtils.Padding(input[i], kernel[i], "same", strides[i], dilations[i])))
        {
            mode = "SAME";
        }
        else if (allowExplicit)
        {
            mode = "EXPLICIT";
            node.Attr["explicit_paddings"] = Ints(0, 0, padding[0].Before, padding[0].After, padding[1].Before, padding[1].After, 0, 0);
        }
        else
        {
            throw Untraceable($"{node.Op} with padding other than VALID or SAME");
        }

        node.Attr["padding"] = new AttrValue { S = ByteString.CopyFromUtf8(mode) };
    }

    private NotSupportedException Untraceable(string what)
    {
        string layer = _layers.Count > 0 ? $"Layer \"{_layers.Peek()}\"" : "The model";
        return new NotSupportedException($"{layer} computes {what}, which cannot be traced into a TensorFlow graph yet. Save with saveTraces: false to write the SavedModel without traced functions.");
    }

    /// <summary>A scalar <c>Const</c> node of <paramref name="dtype"/>; returns its reference.</summary>
    internal string Constant(double value, DType dtype)
    {
        var proto = new TensorProto { Dtype = TfDataTypes.FromDType(dtype), TensorShape = new TensorShapeProto() };
        switch (dtype.Name)
        {
            case "float64":
                proto.DoubleVal.Add(value);
                break;
            case "int32":
                proto.IntVal.Add((int)value);
                break;
            case "int64":
                proto.Int64Val.Add((long)value);
                break;
            default:
                proto.FloatVal.Add((float)value);
                break;
        }

        return ConstantOf(proto);
    }

    /// <summary>An int32 vector <c>Const</c> (shapes, axes); returns its reference.</summary>
    internal string IntVector(IReadOnlyList<long> values, bool scalar = false)
    {
        var shape = new TensorShapeProto();
        if (!scalar)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = values.Count });
        }

        var bytes = values.SelectMany(v => BitConverter.GetBytes(checked((int)v))).ToArray();
        return ConstantOf(new TensorProto { Dtype = DataType.DtInt32, TensorShape = shape, TensorContent = ByteString.CopyFrom(bytes) });
    }

    public void Dispose() => _current = _previous;

    internal static AttrValue DTypeAttr(Tensor t) => new() { Type = TfDataTypes.FromDType(Ops.DTypeOf(t)) };

    private string ConstantOf(TensorProto value)
    {
        NodeDef c = Node("Const", "Const", []);
        c.Attr["value"] = new AttrValue { Tensor = value };
        c.Attr["dtype"] = new AttrValue { Type = value.Dtype };
        return c.Name + ":output:0";
    }

    private void Record(string op, Tensor result, string[] inputs, Action<NodeDef>? attrs)
    {
        NodeDef node = Node(op, op, inputs);
        if (op != "Const")
        {
            node.Attr["T"] = DTypeAttr(result);
        }

        attrs?.Invoke(node);
        _names[result] = $"{node.Name}:{TfOps.OutputArg(op)}:0";
    }

    private NodeDef Node(string op, string baseName, IEnumerable<string> inputs)
    {
        string scope = _layers.Count > 0 ? string.Join("/", _layers.Reverse()) + "/" : string.Empty;
        string stem = scope + baseName;
        int n = _counts.GetValueOrDefault(stem);
        _counts[stem] = n + 1;
        var node = new NodeDef { Name = n == 0 ? stem : $"{stem}_{n.ToString(CultureInfo.InvariantCulture)}", Op = op };
        node.Input.AddRange(inputs);
        Nodes.Add(node);
        OpsUsed.Add(op);
        return node;
    }

    /// <summary>Leaves a layer's call.</summary>
    internal sealed class LayerScope(GraphTracer tracer) : IDisposable
    {
        public void Dispose() => tracer._layers.Pop();
    }
}
