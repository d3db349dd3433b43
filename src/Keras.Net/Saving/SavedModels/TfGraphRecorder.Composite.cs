// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>Neutral ops that TensorFlow writes as several nodes: dense maps, convolutions, pooling, activations.</summary>
internal sealed partial class TfGraphRecorder
{
    private void RecordComposite(string op, IReadOnlyList<Tensor> results, IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, object> a, Func<int, string> input)
    {
        Tensor y = results[0];
        DType dtype = Ops.DTypeOf(y);
        switch (op)
        {
            case "conv":
                Bind(y, Convolution(y, inputs, input, (long[])a["strides"], (long[])a["dilations"], (long)a["groups"], Pairs((long[])a["padding"])));
                break;
            case "conv_transpose":
                Bind(y, ConvolutionTranspose(y, inputs, input, (long[])a["strides"], (long[])a["dilations"]));
                break;
            case "max_pool":
            case "average_pool":
                Bind(y, Pool(y, inputs[0], input(0), op == "max_pool", (long[])a["size"], (long[])a["strides"], Pairs((long[])a["padding"])));
                break;
            case "batch_zeros":
            {
                NodeDef fill = Node("Fill", "zeros", [BatchShape(inputs[0], input(0), (long[])a["shape"]), Scalar(0, dtype)]);
                fill.Attr["T"] = TypeOf(y);
                fill.Attr["index_type"] = Type(DType.Int32);
                Bind(y, Out(fill));
                break;
            }

            case "relu_general":
                Bind(y, GeneralRelu(y, input(0), (double)a["negative_slope"], (double)a["max_value"], (double)a["threshold"]));
                break;
            case "hard_sigmoid":
            {
                string scaled = Emit("AddV2", y, Emit("Mul", y, input(0), Scalar(0.2, dtype)), Scalar(0.5, dtype));
                NodeDef clip = Node("ClipByValue", "clip_by_value", [scaled, Scalar(0, dtype), Scalar(1, dtype)]);
                clip.Attr["T"] = TypeOf(y);
                Bind(y, Out(clip));
                break;
            }

            case "silu":
                Bind(y, Emit("Mul", y, input(0), Emit("Sigmoid", y, input(0))));
                break;
            case "gelu":
                Bind(y, Gelu(y, input(0), (bool)a["approximate"]));
                break;
            case "einsum":
            {
                NodeDef node = Node("Einsum", "einsum", inputs.Select((_, i) => input(i)));
                node.Attr["T"] = TypeOf(y);
                node.Attr["N"] = new AttrValue { I = inputs.Count };
                node.Attr["equation"] = Text((string)a["equation"]);
                Bind(y, Out(node));
                break;
            }

            case "cumsum":
            {
                long rank = Ops.ShapeOf(inputs[0]).Rank, axis = (long)a["axis"];
                NodeDef node = Node("Cumsum", "Cumsum", [input(0), IntVector([axis < 0 ? axis + rank : axis], scalar: true)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["Tidx"] = Type(DType.Int32);
                node.Attr["exclusive"] = new AttrValue { B = (bool)a["exclusive"] };
                node.Attr["reverse"] = new AttrValue { B = (bool)a["reverse"] };
                Bind(y, Out(node));
                break;
            }

            case "one_hot":
            {
                NodeDef node = Node("OneHot", "one_hot", [input(0), IntVector([(long)a["depth"]], scalar: true), Scalar((double)a["on"], dtype), Scalar((double)a["off"], dtype)]);
                node.Attr["T"] = TypeOf(y);
                node.Attr["TI"] = TypeOf(inputs[0]);
                node.Attr["axis"] = new AttrValue { I = -1 };
                Bind(y, Out(node));
                break;
            }

            case "bucketize":
            {
                NodeDef node = Node("Bucketize", "Bucketize", [input(0)]);
                node.Attr["T"] = TypeOf(inputs[0]);
                var list = new AttrValue.Types.ListValue();
                list.F.AddRange((float[])a["boundaries"]);
                node.Attr["boundaries"] = new AttrValue { List = list };
                Bind(y, Out(node));
                break;
            }

            default:
                throw Untraceable($"the op '{op}'");
        }
    }

    private static (long Before, long After)[] Pairs(long[] flat) =>
        Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[(2 * i) + 1])).ToArray();

    /// <summary>An int32 shape vector <c>[batch of x, *tail]</c>, the batch read from the running tensor.</summary>
    private string BatchShape(Tensor like, string x, long[] tail)
    {
        NodeDef shape = Node("Shape", "Shape", [x]);
        shape.Attr["T"] = TypeOf(like);
        shape.Attr["out_type"] = Type(DType.Int32);
        NodeDef batch = Node("StridedSlice", "strided_slice", [Out(shape), IntVector([0]), IntVector([1]), IntVector([1])]);
        batch.Attr["T"] = Type(DType.Int32);
        batch.Attr["Index"] = Type(DType.Int32);
        foreach (string mask in new[] { "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask" })
        {
            batch.Attr[mask] = new AttrValue { I = 0 };
        }

        NodeDef concat = Node("ConcatV2", "concat", [Out(batch), IntVector(tail), IntVector([0], scalar: true)]);
        concat.Attr["T"] = Type(DType.Int32);
        concat.Attr["N"] = new AttrValue { I = 2 };
        concat.Attr["Tidx"] = Type(DType.Int32);
        return Out(concat);
    }

    /// <summary>Dense's affine map as TensorFlow writes it: <c>MatMul</c> (Tensordot on rank &gt; 2), then <c>BiasAdd</c>.</summary>
    private string Affine(Tensor y, IReadOnlyList<Tensor> inputs, Func<int, string> input)
    {
        long[] inShape = Ops.ShapeOf(inputs[0]).ToArray();
        long[] kShape = Ops.ShapeOf(inputs[1]).ToArray();
        string left = input(0);
        if (inShape.Length > 2)
        {
            left = Reshape(y, left, [-1, inShape[^1]]);
        }

        string product = MatMul(y, left, input(1), 2, 2);
        if (inShape.Length > 2)
        {
            product = Reshape(y, product, [-1, .. inShape[1..^1], kShape[^1]]);
        }

        return inputs.Count < 3 ? product : Emit("BiasAdd", y, product, input(2));
    }

    private string GeneralRelu(Tensor y, string x, double slope, double max, double threshold)
    {
        DType dtype = Ops.DTypeOf(y);
        if (slope == 0 && threshold == 0 && max == 6)
        {
            return Emit("Relu6", y, x);
        }

        string result = threshold == 0 ? Emit("Relu", y, x) : Emit("SelectV2", y, Emit("Greater", y, x, Scalar(threshold, dtype)), x, Emit("ZerosLike", y, x));
        if (!double.IsNaN(max))
        {
            result = Emit("Minimum", y, result, Scalar(max, dtype));
        }

        if (slope != 0)
        {
            string below = Emit("Less", y, x, Scalar(threshold, dtype));
            result = Emit("SelectV2", y, below, Emit("Mul", y, Emit("Sub", y, x, Scalar(threshold, dtype)), Scalar(slope, dtype)), result);
        }

        return result;
    }

    private string Gelu(Tensor y, string x, bool approximate)
    {
        DType dtype = Ops.DTypeOf(y);
        string half = Emit("Mul", y, x, Scalar(0.5, dtype));
        string inner;
        if (approximate)
        {
            // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
            string cube = Emit("Mul", y, Emit("Mul", y, x, x), x);
            string sum = Emit("AddV2", y, x, Emit("Mul", y, cube, Scalar(0.044715, dtype)));
            inner = Emit("Tanh", y, Emit("Mul", y, sum, Scalar(Math.Sqrt(2 / Math.PI), dtype)));
        }
        else
        {
            // 0.5 x (1 + erf(x / sqrt(2)))
            inner = Emit("Erf", y, Emit("Mul", y, x, Scalar(1 / Math.Sqrt(2), dtype)));
        }

        return Emit("Mul", y, half, Emit("AddV2", y, inner, Scalar(1, dtype)));
    }
}
