// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.SavedModels;

/// <summary>The neutral ops, each written as the TensorFlow ops tf.keras writes for it.</summary>
internal sealed partial class TfGraphRecorder
{
    private static readonly Dictionary<string, string> Unary = new(StringComparer.Ordinal)
    {
        ["negative"] = "Neg", ["exp"] = "Exp", ["log"] = "Log", ["sqrt"] = "Sqrt", ["square"] = "Square", ["abs"] = "Abs",
        ["relu"] = "Relu", ["relu6"] = "Relu6", ["sigmoid"] = "Sigmoid", ["tanh"] = "Tanh", ["softplus"] = "Softplus",
        ["softsign"] = "Softsign", ["selu"] = "Selu", ["identity"] = "Identity", ["erf"] = "Erf", ["logical_not"] = "LogicalNot",
    };

    private static readonly Dictionary<string, string> Binary = new(StringComparer.Ordinal)
    {
        ["add"] = "AddV2", ["subtract"] = "Sub", ["multiply"] = "Mul", ["divide"] = "RealDiv", ["maximum"] = "Maximum",
        ["minimum"] = "Minimum", ["equal"] = "Equal", ["not_equal"] = "NotEqual", ["less"] = "Less", ["less_equal"] = "LessEqual",
        ["greater"] = "Greater", ["greater_equal"] = "GreaterEqual", ["logical_and"] = "LogicalAnd", ["logical_or"] = "LogicalOr",
    };

    private static readonly Dictionary<string, string> Reductions = new(StringComparer.Ordinal)
    {
        ["sum"] = "Sum", ["mean"] = "Mean", ["max"] = "Max", ["min"] = "Min", ["prod"] = "Prod", ["all"] = "All", ["any"] = "Any",
    };

    /// <inheritdoc />
    public void Record(string op, IReadOnlyList<Tensor> results, IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, object>? attributes)
    {
        if (op == "constant")
        {
            _constants.Add(results[0]);
            return;
        }

        Tensor y = results[0];
        if (inputs.Any(i => ReferenceEquals(i, y)))
        {
            // An op that handed back its input (a cast to the same dtype): the name stays.
            return;
        }

        var a = attributes ?? new Dictionary<string, object>();
        string In(int i) => NameOf(inputs[i], op);
        if (Unary.TryGetValue(op, out string? unary))
        {
            Bind(y, unary == "LogicalNot" ? Out(Node(unary, unary, [In(0)])) : Emit(unary, y, In(0)));
        }
        else if (Binary.TryGetValue(op, out string? binary))
        {
            string first = In(0);
            string second = a.TryGetValue("scalar", out object? s) ? Scalar((double)s, Ops.DTypeOf(inputs[0])) : In(1);
            NodeDef node = Node(binary, binary, [first, second]);
            if (!binary.StartsWith("Logical", StringComparison.Ordinal))
            {
                node.Attr["T"] = TypeOf(inputs[0]);
            }

            Bind(y, Out(node));
        }
        else if (Reductions.TryGetValue(op, out string? reduce))
        {
            Reduce(reduce, y, In(0), inputs[0], (long[])a["axes"], (bool)a["keepdims"]);
        }
        else
        {
            RecordOther(op, results, inputs, a, In);
        }
    }

    private void RecordOther(string op, IReadOnlyList<Tensor> results, IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, object> a, Func<int, string> input)
    {
        Tensor y = results[0];
        long rank = Ops.ShapeOf(inputs.Count > 0 ? inputs[0] : y).Rank;
        long Axis(string key) => (long)a[key] is var v && v < 0 ? v + rank : (long)a[key];
        switch (op)
        {
            case "matmul":
                Bind(y, MatMul(y, input(0), input(1), Ops.ShapeOf(inputs[0]).Rank, Ops.ShapeOf(inputs[1]).Rank));
                break;
            case "affine":
                Bind(y, Affine(y, inputs, input));
                break;
            case "clip":
            {
                DType dtype = Ops.DTypeOf(inputs[0]);
                NodeDef clip = Node("ClipByValue", "clip_by_value", [input(0), Scalar((double)a["min"], dtype), Scalar((double)a["max"], dtype)]);
                clip.Attr["T"] = TypeOf(y);
                Bind(y, Out(clip));
                break;
            }

            case "where":
                Bind(y, Emit("SelectV2", y, input(0), input(1), input(2)));
                break;
            case "argmax":
            {
                NodeDef node = Node("ArgMax", "ArgMax", [input(0), IntVector([Axis("axis")], scalar: true)]);
                node.Attr["T"] = TypeOf(inputs[0]);
                node.Attr["Tidx"] = Type(DType.Int32);
                node.Attr["output_type"] = Type(DType.Int64);
                Bind(y, Out(node));
                break;
            }

            case "cast":
            {
                NodeDef node = Node("Cast", "Cast", [input(0)]);
                node.Attr["SrcT"] = TypeOf(inputs[0]);
                node.Attr["DstT"] = TypeOf(y);
                Bind(y, Out(node));
                break;
            }

            case "reshape":
                Bind(y, Reshape(y, input(0), ReshapeTarget(inputs[0], y, (long[])a["shape"])));
                break;
            case "transpose":
                Bind(y, Transpose(y, input(0), (long[])a["perm"]));
                break;
            case "concatenate":
            case "stack":
            {
                NodeDef node = op == "stack"
                    ? Node("Pack", "stack", inputs.Select((_, i) => input(i)))
                    : Node("ConcatV2", "concat", [.. inputs.Select((_, i) => input(i)), IntVector([(long)a["axis"] < 0 ? (long)a["axis"] + rank : (long)a["axis"]], scalar: true)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["N"] = new AttrValue { I = inputs.Count };
                if (op == "stack")
                {
                    node.Attr["axis"] = new AttrValue { I = (long)a["axis"] < 0 ? (long)a["axis"] + rank + 1 : (long)a["axis"] };
                }
                else
                {
                    node.Attr["Tidx"] = Type(DType.Int32);
                }

                Bind(y, Out(node));
                break;
            }

            case "slice":
            {
                long axis = Axis("axis");
                long[] begin = new long[rank], size = Enumerable.Repeat(-1L, (int)rank).ToArray();
                begin[axis] = (long)a["start"];
                size[axis] = (long)a["length"];
                NodeDef node = Node("Slice", "Slice", [input(0), IntVector(begin), IntVector(size)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["Index"] = Type(DType.Int32);
                Bind(y, Out(node));
                break;
            }

            case "split":
            {
                NodeDef node = Node("Split", "split", [IntVector([Axis("axis")], scalar: true), input(0)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["num_split"] = new AttrValue { I = results.Count };
                for (int i = 0; i < results.Count; i++)
                {
                    Bind(results[i], Out(node, i));
                }

                break;
            }

            case "repeat":
            {
                // tf.keras's repeat_elements: a new axis after the repeated one, tiled, folded back.
                long axis = Axis("axis"), repeats = (long)a["repeats"];
                string expanded = ExpandDims(y, input(0), axis + 1);
                long[] reps = Enumerable.Repeat(1L, (int)rank + 1).ToArray();
                reps[axis + 1] = repeats;
                string tiled = Tile(y, expanded, reps);
                Bind(y, Reshape(y, tiled, [-1, .. Ops.ShapeOf(y).ToArray().Skip(1)]));
                break;
            }

            case "tile":
                Bind(y, Tile(y, input(0), (long[])a["reps"]));
                break;
            case "pad":
            {
                long[] flat = (long[])a["padding"];
                var proto = new TensorProto { Dtype = DataType.DtInt32, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = rank }, new TensorShapeProto.Types.Dim { Size = 2 } } } };
                proto.IntVal.AddRange(flat.Select(v => checked((int)v)));
                NodeDef node = Node("Pad", "Pad", [input(0), ConstantOf(proto)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["Tpaddings"] = Type(DType.Int32);
                Bind(y, Out(node));
                break;
            }

            case "reverse":
            {
                NodeDef node = Node("ReverseV2", "ReverseV2", [input(0), IntVector([Axis("axis")])]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["Tidx"] = Type(DType.Int32);
                Bind(y, Out(node));
                break;
            }

            case "expand_dims":
                Bind(y, ExpandDims(y, input(0), (long)a["axis"] < 0 ? (long)a["axis"] + rank + 1 : (long)a["axis"]));
                break;
            case "squeeze":
            {
                NodeDef node = Node("Squeeze", "Squeeze", [input(0)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["squeeze_dims"] = Ints(Axis("axis"));
                Bind(y, Out(node));
                break;
            }

            case "take":
                Bind(y, Gather(y, inputs, input, Axis("axis")));
                break;
            case "softmax":
            case "log_softmax":
            {
                // TensorFlow's Softmax works on the last axis: move the axis there and back.
                long axis = Axis("axis");
                string tfOp = op == "softmax" ? "Softmax" : "LogSoftmax";
                if (axis == rank - 1)
                {
                    Bind(y, Emit(tfOp, y, input(0)));
                    break;
                }

                long[] perm = Enumerable.Range(0, (int)rank).Select(i => (long)i).ToArray();
                (perm[axis], perm[rank - 1]) = (perm[rank - 1], perm[axis]);
                Bind(y, Transpose(y, Emit(tfOp, y, Transpose(y, input(0), perm)), perm));
                break;
            }

            case "elu":
            {
                double alpha = (double)a["alpha"];
                string elu = Emit("Elu", y, input(0));
                if (alpha != 1.0)
                {
                    string positive = Emit("Greater", "Greater", inputs[0], input(0), Scalar(0, Ops.DTypeOf(y)));
                    elu = Emit("SelectV2", y, positive, elu, Emit("Mul", y, elu, Scalar(alpha, Ops.DTypeOf(y))));
                }

                Bind(y, elu);
                break;
            }

            case "leaky_relu":
            {
                NodeDef node = Node("LeakyRelu", "LeakyRelu", [input(0)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["alpha"] = new AttrValue { F = (float)(double)a["alpha"] };
                Bind(y, Out(node));
                break;
            }

            default:
                RecordComposite(op, results, inputs, a, input);
                break;
        }
    }

    private void Reduce(string tfOp, Tensor y, string x, Tensor input, long[] axes, bool keepDims)
    {
        long rank = Ops.ShapeOf(input).Rank;
        NodeDef node = Node(tfOp, tfOp, [x, IntVector(axes.Select(v => v < 0 ? v + rank : v).ToArray())]);
        if (tfOp is not ("All" or "Any"))
        {
            node.Attr["T"] = TypeOf(input);
        }

        node.Attr["keep_dims"] = new AttrValue { B = keepDims };
        node.Attr["Tidx"] = Type(DType.Int32);
        Bind(y, Out(node));
    }

    /// <summary>The shape a traced Reshape asks for: the batch axis left free (-1) when the reshape keeps it, as tf.keras writes it.</summary>
    private static long[] ReshapeTarget(Tensor input, Tensor y, long[] requested)
    {
        long[] outShape = Ops.ShapeOf(y).ToArray();
        long[] inShape = Ops.ShapeOf(input).ToArray();
        if (outShape.Length > 0 && inShape.Length > 0 && outShape[0] == inShape[0])
        {
            return [-1, .. outShape.Skip(1)];
        }

        return requested.Contains(-1) ? requested : outShape;
    }

    private string Reshape(Tensor like, string x, long[] shape) => WithInts("Reshape", "Reshape", like, x, shape, "Tshape");

    private string Transpose(Tensor like, string x, long[] perm) => WithInts("Transpose", "transpose", like, x, perm, "Tperm");

    private string ExpandDims(Tensor like, string x, long axis) => WithInts("ExpandDims", "ExpandDims", like, x, [axis], "Tdim", scalar: true);

    private string Tile(Tensor like, string x, long[] reps) => WithInts("Tile", "Tile", like, x, reps, "Tmultiples");

    /// <summary>An op of a tensor and an int32 constant (shape, permutation, axis, multiples), typed by <paramref name="like"/>.</summary>
    private string WithInts(string op, string baseName, Tensor like, string x, long[] values, string indexAttr, bool scalar = false)
    {
        NodeDef node = Node(op, baseName, [x, IntVector(values, scalar)]);
        node.Attr["T"] = TypeOf(like);
        node.Attr[indexAttr] = Type(DType.Int32);
        return Out(node);
    }

    private string MatMul(Tensor like, string a, string b, long rankA, long rankB)
    {
        NodeDef node = rankA == 2 && rankB == 2 ? Node("MatMul", "MatMul", [a, b]) : Node("BatchMatMulV2", "MatMul", [a, b]);
        node.Attr["T"] = TypeOf(like);
        return Out(node);
    }

    /// <summary>Embedding's lookup (<c>ResourceGather</c> straight from the variable) or a <c>GatherV2</c>.</summary>
    private string Gather(Tensor y, IReadOnlyList<Tensor> inputs, Func<int, string> input, long axis)
    {
        string indices = input(1);
        if (axis == 0 && _variables.TryGetValue(inputs[0], out var v))
        {
            NodeDef gather = Node("ResourceGather", "embedding_lookup", [Bring(_frame, _root, v.Arg, DataType.DtResource), indices]);
            gather.Attr["dtype"] = Type(v.DType);
            gather.Attr["Tindices"] = TypeOf(inputs[1]);
            gather.Attr["validate_indices"] = new AttrValue { B = true };
            return Out(gather);
        }

        NodeDef node = Node("GatherV2", "GatherV2", [input(0), indices, IntVector([axis], scalar: true)]);
        node.Attr["Tparams"] = TypeOf(y);
        node.Attr["Tindices"] = TypeOf(inputs[1]);
        node.Attr["Taxis"] = Type(DType.Int32);
        return Out(node);
    }
}
