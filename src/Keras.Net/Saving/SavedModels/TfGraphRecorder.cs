// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// Turns the ops <see cref="Ops"/> reports (<see cref="IOpRecorder"/>) into the body of a TensorFlow function, as
/// tf.keras traces a model (design.md "Tracing"): each neutral op becomes the NodeDefs TensorFlow writes for it
/// (<c>matmul</c> to <c>MatMul</c>, <c>conv</c> to <c>Conv2D</c>/<c>Conv3D</c>/<c>DepthwiseConv2dNative</c>, a scan to a
/// <c>While</c> loop over <c>TensorList</c>s), inputs named by the nodes that made them. Variables become
/// <c>ReadVariableOp</c>s of resource arguments, values become <c>Const</c>s. A tensor nothing reported cannot be
/// named, so the save fails naming the layer that made it.
/// </summary>
internal sealed partial class TfGraphRecorder : IOpRecorder, IDisposable
{
    private readonly Dictionary<Tensor, (string Arg, DType DType)> _variables = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> _constants = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Stack<string> _layers = new();
    private readonly Frame _root = new(null);
    private readonly IDisposable _listening;
    private Frame _frame;

    internal TfGraphRecorder()
    {
        _frame = _root;
        _listening = OpRecording.Begin(this);
    }

    /// <summary>The function body recorded so far.</summary>
    internal List<NodeDef> Nodes => _root.Nodes;

    /// <summary>Functions the body calls (loop bodies and conditions).</summary>
    internal List<FunctionDef> Functions { get; } = [];

    /// <summary>The op types used (for the meta graph's OpDef list).</summary>
    internal HashSet<string> OpsUsed { get; } = new(StringComparer.Ordinal);

    /// <summary>Names a function argument: <paramref name="tensor"/> is read as <paramref name="arg"/>.</summary>
    internal void BindInput(Tensor tensor, string arg) => _root.Names[tensor] = arg;

    /// <summary>Names a variable's storage: reads become <c>ReadVariableOp(arg)</c>.</summary>
    internal void BindVariable(Tensor value, string resourceArg, DType dtype) => _variables[value] = (resourceArg, dtype);

    /// <inheritdoc />
    public void EnterLayer(string name) => _layers.Push(name);

    /// <inheritdoc />
    public void ExitLayer() => _layers.Pop();

    /// <inheritdoc />
    public void Dispose() => _listening.Dispose();

    /// <summary>The body reference of a tensor in the current function (<c>dense/BiasAdd:output:0</c>), capturing it from an enclosing loop when needed.</summary>
    internal string NameOf(Tensor tensor, string consumer)
    {
        for (Frame? f = _frame; f is not null; f = f.Parent)
        {
            if (f.Names.TryGetValue(tensor, out string? name))
            {
                return Bring(_frame, f, name, TfDataTypes.FromDType(Ops.DTypeOf(tensor)));
            }
        }

        if (_variables.TryGetValue(tensor, out var v))
        {
            // Read once in the outer function, as tf.keras does: a loop body gets the value, so it stays stateless.
            Frame current = _frame;
            _frame = _root;
            NodeDef read = Node("ReadVariableOp", "ReadVariableOp", [v.Arg]);
            _frame = current;
            read.Attr["dtype"] = Type(v.DType);
            _root.Names[tensor] = Out(read);
            return Bring(_frame, _root, Out(read), Type(v.DType).Type);
        }

        if (_constants.Contains(tensor))
        {
            return _frame.Names[tensor] = ConstantOf(TensorProtos.FromTensor(tensor));
        }

        throw Unnamed(_layers.Count > 0 ? _layers.Peek() : null, consumer);
    }

    /// <inheritdoc />
    public void CheckLayerTensors(IReadOnlyList<Tensor> tensors, bool produced)
    {
        foreach (Tensor t in tensors)
        {
            if (!IsKnown(t))
            {
                // An input nobody recorded was made by the caller (the enclosing layer); an output, by this layer.
                string? blamed = _layers.Count > 0 ? _layers.Peek() : null;
                throw Unnamed(blamed, produced ? $"its output" : "the layer it calls");
            }
        }
    }

    private bool IsKnown(Tensor t)
    {
        for (Frame? f = _frame; f is not null; f = f.Parent)
        {
            if (f.Names.ContainsKey(t))
            {
                return true;
            }
        }

        return _variables.ContainsKey(t) || _constants.Contains(t);
    }

    private static NotSupportedException Unnamed(string? layer, string usedBy) => new(
        $"{(layer is null ? "The model" : $"Layer \"{layer}\"")} computes a tensor outside Keras.Net's Ops (used by {usedBy}): a direct TorchSharp call (such as a tensor's + or matmul) or an op with no TensorFlow equivalent, so it cannot be traced into a TensorFlow graph. Compute it with Ops (Ops.Add, Ops.MatMul, ...), or save with saveTraces: false to write the SavedModel without traced functions.");

    /// <summary>A reference made in <paramref name="owner"/>, as seen from <paramref name="target"/> (loop bodies capture it as an argument).</summary>
    private static string Bring(Frame target, Frame owner, string name, DataType type)
    {
        if (ReferenceEquals(target, owner))
        {
            return name;
        }

        string outer = Bring(target.Parent!, owner, name, type);
        if (!target.Captured.TryGetValue(outer, out string? inner))
        {
            inner = "capture_" + target.Captures.Count.ToString(CultureInfo.InvariantCulture);
            target.Captures.Add((outer, inner, type));
            target.Captured[outer] = inner;
        }

        return inner;
    }

    private Exception Untraceable(string what)
    {
        string layer = _layers.Count > 0 ? $"Layer \"{_layers.Peek()}\"" : "The model";
        return new NotSupportedException($"{layer} computes {what}, which cannot be traced into a TensorFlow graph yet. Save with saveTraces: false to write the SavedModel without traced functions.");
    }

    private void Bind(Tensor tensor, string name) => _frame.Names[tensor] = name;

    /// <summary>A node in the current function, named under the layers being called.</summary>
    private NodeDef Node(string op, string baseName, IEnumerable<string> inputs)
    {
        string scope = _layers.Count > 0 ? string.Join("/", _layers.Reverse()) + "/" : string.Empty;
        string stem = scope + baseName;
        int n = _counts.GetValueOrDefault(stem);
        _counts[stem] = n + 1;
        var node = new NodeDef { Name = n == 0 ? stem : $"{stem}_{n.ToString(CultureInfo.InvariantCulture)}", Op = op };
        node.Input.AddRange(inputs);
        _frame.Nodes.Add(node);
        _frame.Stateful |= op is "ReadVariableOp" or "ResourceGather" or "While";
        OpsUsed.Add(op);
        return node;
    }

    /// <summary>A node whose <c>T</c> attribute is <paramref name="like"/>'s dtype; returns its first output's reference.</summary>
    private string Emit(string op, Tensor like, params string[] inputs) => Emit(op, op, like, inputs);

    private string Emit(string op, string baseName, Tensor like, params string[] inputs)
    {
        NodeDef node = Node(op, baseName, inputs);
        node.Attr["T"] = TypeOf(like);
        return Out(node);
    }

    private static string Out(NodeDef node, int index = 0) =>
        $"{node.Name}:{TfOps.OutputArg(node.Op)}:{index.ToString(CultureInfo.InvariantCulture)}";

    internal static AttrValue TypeOf(Tensor t) => Type(Ops.DTypeOf(t));

    private static AttrValue Type(DType dtype) => new() { Type = TfDataTypes.FromDType(dtype) };

    private static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    private static AttrValue Text(string s) => new() { S = ByteString.CopyFromUtf8(s) };

    /// <summary>A scalar <c>Const</c> of <paramref name="dtype"/>; returns its reference.</summary>
    private string Scalar(double value, DType dtype)
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
            case "bool":
                proto.BoolVal.Add(value != 0);
                break;
            default:
                proto.FloatVal.Add((float)value);
                break;
        }

        return ConstantOf(proto);
    }

    /// <summary>An int32 vector <c>Const</c> (shapes, axes); returns its reference.</summary>
    private string IntVector(IReadOnlyList<long> values, bool scalar = false)
    {
        var shape = new TensorShapeProto();
        if (!scalar)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = values.Count });
        }

        var bytes = values.SelectMany(v => BitConverter.GetBytes(checked((int)v))).ToArray();
        return ConstantOf(new TensorProto { Dtype = DataType.DtInt32, TensorShape = shape, TensorContent = ByteString.CopyFrom(bytes) });
    }

    private string ConstantOf(TensorProto value)
    {
        NodeDef c = Node("Const", "Const", []);
        c.Attr["value"] = new AttrValue { Tensor = value };
        c.Attr["dtype"] = new AttrValue { Type = value.Dtype };
        return Out(c);
    }

    /// <summary>One function body being recorded: the root, or a loop's body.</summary>
    private sealed class Frame(Frame? parent)
    {
        public Frame? Parent { get; } = parent;

        public List<NodeDef> Nodes { get; } = [];

        public Dictionary<Tensor, string> Names { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Outer references this body reads, each passed in as an extra loop variable.</summary>
        public List<(string Outer, string Arg, DataType Type)> Captures { get; } = [];

        public Dictionary<string, string> Captured { get; } = new(StringComparer.Ordinal);

        public Loop? Loop { get; set; }

        /// <summary>Whether the body holds a stateful op (then its loop is a <c>While</c>, else a <c>StatelessWhile</c>).</summary>
        public bool Stateful { get; set; }
    }
}
