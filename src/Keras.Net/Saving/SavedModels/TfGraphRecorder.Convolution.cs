// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>Convolutions and pooling as TensorFlow writes them (channels last: NHWC, NDHWC).</summary>
internal sealed partial class TfGraphRecorder
{
    private string Convolution(Tensor y, IReadOnlyList<Tensor> inputs, Func<int, string> input, long[] strides, long[] dilations, long groups, (long Before, long After)[] padding)
    {
        long[] shape = Ops.ShapeOf(inputs[0]).ToArray();
        long[] k = Ops.ShapeOf(inputs[1]).ToArray();
        string x = input(0), filter = input(1);
        bool oneD = strides.Length == 1;
        if (oneD)
        {
            // TensorFlow's Conv1D: a height-1 image, a 2-D convolution, the height squeezed away.
            x = ExpandDims(y, x, 1);
            filter = ExpandDims(y, filter, 0);
            shape = [shape[0], 1, shape[1], shape[2]];
            k = [1, .. k];
            strides = [1, strides[0]];
            dilations = [1, dilations[0]];
            padding = [(0, 0), padding[0]];
        }

        int rank = strides.Length;
        long channels = shape[^1];
        string output;
        if (groups == 1)
        {
            output = PlainConvolution(y, x, filter, shape, k, strides, dilations, padding);
        }
        else if (rank == 2 && k[2] == 1 && groups == channels)
        {
            // Depthwise: the (kh, kw, 1, c * m) kernel is TensorFlow's (kh, kw, c, m) with the same element order.
            string depthwise = Reshape(y, filter, [k[0], k[1], channels, k[3] / channels]);
            NodeDef node = Node("DepthwiseConv2dNative", "depthwise", [PadIfExplicit(y, x, shape, k, strides, dilations, ref padding), depthwise]);
            node.Attr["T"] = TypeOf(y);
            node.Attr["strides"] = Ints(1, strides[0], strides[1], 1);
            node.Attr["dilations"] = Ints(1, dilations[0], dilations[1], 1);
            node.Attr["data_format"] = Text("NHWC");
            node.Attr["padding"] = Text(PaddingMode(padding, shape, k, strides, dilations) ?? "VALID");
            output = Out(node);
        }
        else
        {
            // Grouped: one convolution per group of channels, joined on the channel axis (TensorFlow's CPU kernels have no groups).
            NodeDef xs = Node("Split", "split", [IntVector([rank + 1], scalar: true), x]);
            xs.Attr["T"] = TypeOf(y);
            xs.Attr["num_split"] = new AttrValue { I = groups };
            NodeDef ks = Node("Split", "split", [IntVector([rank + 1], scalar: true), filter]);
            ks.Attr["T"] = TypeOf(y);
            ks.Attr["num_split"] = new AttrValue { I = groups };
            long[] groupShape = [.. shape[..^1], channels / groups];
            long[] groupKernel = [.. k[..^1], k[^1] / groups];
            var parts = Enumerable.Range(0, (int)groups).Select(g => PlainConvolution(y, Out(xs, g), Out(ks, g), groupShape, groupKernel, strides, dilations, padding)).ToList();
            NodeDef concat = Node("ConcatV2", "concat", [.. parts, IntVector([rank + 1], scalar: true)]);
            concat.Attr["T"] = TypeOf(y);
            concat.Attr["N"] = new AttrValue { I = groups };
            concat.Attr["Tidx"] = Type(DType.Int32);
            output = Out(concat);
        }

        if (oneD)
        {
            output = SqueezeHeight(y, output, "conv1d/Squeeze");
        }

        return inputs.Count > 2 ? Emit("BiasAdd", y, output, input(2)) : output;
    }

    private string PlainConvolution(Tensor y, string x, string filter, long[] shape, long[] k, long[] strides, long[] dilations, (long Before, long After)[] padding)
    {
        int rank = strides.Length;
        string op = rank == 2 ? "Conv2D" : "Conv3D";
        string? mode = PaddingMode(padding, shape, k, strides, dilations);
        if (mode is null && rank == 3)
        {
            x = PadIfExplicit(y, x, shape, k, strides, dilations, ref padding);
            mode = "VALID";
        }

        NodeDef conv = Node(op, op, [x, filter]);
        conv.Attr["T"] = TypeOf(y);
        conv.Attr["strides"] = Ints([1, .. strides, 1]);
        conv.Attr["dilations"] = Ints([1, .. dilations, 1]);
        conv.Attr["data_format"] = Text(rank == 2 ? "NHWC" : "NDHWC");
        if (mode is null)
        {
            conv.Attr["padding"] = Text("EXPLICIT");
            conv.Attr["explicit_paddings"] = Ints([0, 0, .. padding.SelectMany(p => new[] { p.Before, p.After }), 0, 0]);
        }
        else
        {
            conv.Attr["padding"] = Text(mode);
        }

        return Out(conv);
    }

    /// <summary>Zero padding as its own <c>Pad</c> node when it is neither VALID nor SAME (then the op itself runs VALID).</summary>
    private string PadIfExplicit(Tensor y, string x, long[] shape, long[] k, long[] strides, long[] dilations, ref (long Before, long After)[] padding)
    {
        if (PaddingMode(padding, shape, k, strides, dilations) is not null)
        {
            return x;
        }

        var proto = new TensorProto { Dtype = DataType.DtInt32, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = shape.Length }, new TensorShapeProto.Types.Dim { Size = 2 } } } };
        proto.IntVal.AddRange([0, 0, .. padding.SelectMany(p => new[] { (int)p.Before, (int)p.After }), 0, 0]);
        NodeDef pad = Node("Pad", "Pad", [x, ConstantOf(proto)]);
        pad.Attr["T"] = TypeOf(y);
        pad.Attr["Tpaddings"] = Type(DType.Int32);
        padding = padding.Select(_ => (0L, 0L)).ToArray();
        return Out(pad);
    }

    /// <summary>VALID when unpadded, SAME when the padding is TensorFlow's same padding, else null.</summary>
    private static string? PaddingMode((long Before, long After)[] padding, long[] shape, long[] k, long[] strides, long[] dilations)
    {
        if (padding.All(p => p.Before == 0 && p.After == 0))
        {
            return "VALID";
        }

        return Enumerable.Range(0, padding.Length).All(i => padding[i] == ConvUtils.Padding(shape[i + 1], k[i], "same", strides[i], dilations[i])) ? "SAME" : null;
    }

    /// <summary>The full transposed convolution as <c>Conv2DBackpropInput</c> (VALID), its output size from the running batch.</summary>
    private string ConvolutionTranspose(Tensor y, IReadOnlyList<Tensor> inputs, Func<int, string> input, long[] strides, long[] dilations)
    {
        long[] outShape = Ops.ShapeOf(y).ToArray();
        string x = input(0), filter = input(1);
        bool oneD = strides.Length == 1;
        if (oneD)
        {
            x = ExpandDims(y, x, 1);
            filter = ExpandDims(y, filter, 0);
            outShape = [outShape[0], 1, outShape[1], outShape[2]];
            strides = [1, strides[0]];
            dilations = [1, dilations[0]];
        }

        if (strides.Length != 2)
        {
            throw Untraceable($"a {strides.Length}-D transposed convolution");
        }

        NodeDef node = Node("Conv2DBackpropInput", "conv2d_transpose", [BatchShape(inputs[0], input(0), outShape[1..]), filter, x]);
        node.Attr["T"] = TypeOf(y);
        node.Attr["strides"] = Ints(1, strides[0], strides[1], 1);
        node.Attr["dilations"] = Ints(1, dilations[0], dilations[1], 1);
        node.Attr["padding"] = Text("VALID");
        node.Attr["data_format"] = Text("NHWC");
        string output = Out(node);
        if (oneD)
        {
            output = SqueezeHeight(y, output, "conv1d_transpose/Squeeze");
        }

        return output;
    }

    private string Pool(Tensor y, Tensor xTensor, string x, bool max, long[] size, long[] strides, (long Before, long After)[] padding)
    {
        long[] shape = Ops.ShapeOf(xTensor).ToArray();
        bool oneD = size.Length == 1;
        if (oneD)
        {
            x = ExpandDims(y, x, 1);
            shape = [shape[0], 1, shape[1], shape[2]];
            size = [1, size[0]];
            strides = [1, strides[0]];
            padding = [(0, 0), padding[0]];
        }

        string mode = PaddingMode(padding, shape, size, strides, size.Select(_ => 1L).ToArray())
            ?? throw Untraceable("pooling with padding other than VALID or SAME");
        string op = (max ? "MaxPool" : "AvgPool") + (size.Length == 3 ? "3D" : string.Empty);
        NodeDef pool = Node(op, op, [x]);
        pool.Attr["T"] = TypeOf(y);
        pool.Attr["ksize"] = Ints([1, .. size, 1]);
        pool.Attr["strides"] = Ints([1, .. strides, 1]);
        pool.Attr["padding"] = Text(mode);
        pool.Attr["data_format"] = Text(size.Length == 3 ? "NDHWC" : "NHWC");
        string output = Out(pool);
        if (oneD)
        {
            output = SqueezeHeight(y, output, "Squeeze");
        }

        return output;
    }

    /// <summary>Drops the height-1 axis a 1-D op was run with (TensorFlow's ExpandDims ... Squeeze around 2-D ops).</summary>
    private string SqueezeHeight(Tensor like, string x, string baseName)
    {
        NodeDef squeeze = Node("Squeeze", baseName, [x]);
        squeeze.Attr["T"] = TypeOf(like);
        squeeze.Attr["squeeze_dims"] = Ints(1);
        return Out(squeeze);
    }
}
