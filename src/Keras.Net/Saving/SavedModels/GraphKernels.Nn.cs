// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// Kernels for what traced Keras layers write besides the 2-D basics: Slice, Pad, ReverseV2, ClipByValue, Erf,
/// All/Any, 3-D convolution and pooling, and the transposed convolution (Conv2DBackpropInput). Sizes and indices
/// taken from the graph are checked before any tensor is made.
/// </summary>
internal static partial class GraphKernels
{
    /// <summary>The op's outputs, or null when it is not one of these.</summary>
    private static GraphValue[]? RunNnOp(GraphInterpreter g, NodeDef node, List<GraphValue> x, string where)
    {
        Tensor T(int i) => Value(x[i], where);
        GraphValue[] One(Tensor t) => [GraphValue.Of(t)];
        switch (node.Op)
        {
            case "Slice":
            {
                long[] shape = Ops.ShapeOf(T(0)).ToArray(), begin = Longs(T(1)), size = Longs(T(2));
                if (begin.Length != shape.Length || size.Length != shape.Length)
                {
                    throw g.Unsupported($"slices a tensor of rank {shape.Length} with begin/size of {begin.Length}/{size.Length} entries", where);
                }

                Tensor result = T(0);
                for (int i = 0; i < shape.Length; i++)
                {
                    long length = size[i] == -1 ? shape[i] - begin[i] : size[i];
                    if (begin[i] < 0 || length < 0 || begin[i] + length > shape[i])
                    {
                        throw g.Unsupported($"slices [{begin[i]}, {begin[i] + length}) of an axis of length {shape[i]}", where);
                    }

                    result = Ops.Narrow(result, i, begin[i], length);
                }

                return One(result);
            }

            case "Pad":
            case "PadV2":
            {
                long[] shape = Ops.ShapeOf(T(0)).ToArray(), pads = Longs(T(1));
                if (pads.Length != 2 * shape.Length || pads.Any(p => p < 0))
                {
                    throw g.Unsupported($"pads a tensor of rank {shape.Length} with {pads.Length} non-negative amounts expected {2 * shape.Length}", where);
                }

                var pairs = Enumerable.Range(0, shape.Length).Select(i => (pads[2 * i], pads[(2 * i) + 1])).ToArray();
                Bounded(shape.Select((d, i) => d + pairs[i].Item1 + pairs[i].Item2).ToArray(), g, where);
                if (node.Op == "Pad" || Ops.ToScalar(T(2)) == 0)
                {
                    return One(Ops.ZeroPad(T(0), pairs));
                }

                // PadV2's constant c: pad(x - c) + c.
                return One(Ops.Add(Ops.ZeroPad(Ops.Subtract(T(0), T(2)), pairs), T(2)));
            }

            case "ReverseV2":
            {
                long rank = Ops.ShapeOf(T(0)).Rank;
                Tensor result = T(0);
                foreach (long axis in Longs(T(1)))
                {
                    long a = axis < 0 ? axis + rank : axis;
                    result = a >= 0 && a < rank ? Ops.Reverse(result, a) : throw g.Unsupported($"reverses axis {axis} of a tensor of rank {rank}", where);
                }

                return One(result);
            }

            case "ClipByValue":
                return One(Ops.Minimum(Ops.Maximum(T(0), T(1)), T(2)));
            case "Erf":
                return One(Ops.Erf(T(0)));
            case "All":
            case "Any":
            {
                Tensor input = Ops.Cast(T(0), Backend.DType.Bool);
                long rank = Ops.ShapeOf(input).Rank;
                bool keep = g.Attr(node, "keep_dims")?.B ?? false;
                Tensor asFloat = Ops.Cast(input, Backend.DType.Float32);
                long[] axes = Longs(T(1)).Select(a => a < 0 ? a + rank : a).ToArray();
                if (axes.Any(a => a < 0 || a >= rank))
                {
                    throw g.Unsupported($"reduces axes [{string.Join(", ", axes)}] of a tensor of rank {rank}", where);
                }

                Tensor reduced = node.Op == "All" ? Ops.Min(asFloat, axes, keep) : Ops.Sum(asFloat, axes, keep);
                return One(Ops.Greater(reduced, 0.5));
            }

            case "Conv3D":
            case "MaxPool3D":
            case "AvgPool3D":
                return One(Volume(g, node, T(0), node.Op == "Conv3D" ? T(1) : null, where));
            case "Conv2DBackpropInput":
                return One(TransposedConvolution(g, node, Longs(T(0)), T(1), T(2), where));
            default:
                return null;
        }
    }

    /// <summary>A 3-D convolution or pooling, NDHWC, VALID or SAME.</summary>
    private static Tensor Volume(GraphInterpreter g, NodeDef node, Tensor input, Tensor? filter, string where)
    {
        string format = g.Attr(node, "data_format")?.S.ToStringUtf8() ?? "NDHWC";
        if (format.Length > 0 && format != "NDHWC")
        {
            throw g.Unsupported($"uses {node.Op} with data_format {format} (only NDHWC is supported)", where);
        }

        long[] shape = Ops.ShapeOf(input).ToArray();
        long[] Three(string attr) => g.Attr(node, attr)?.List?.I is { Count: 5 } v ? [v[1], v[2], v[3]] : [1, 1, 1];
        long[] strides = Three("strides"), dilations = Three("dilations");
        long[] window = filter is null ? Three("ksize") : Ops.ShapeOf(filter).ToArray()[..3];
        if (shape.Length != 5 || (filter is not null && (Ops.ShapeOf(filter).Rank != 5 || Ops.ShapeOf(filter)[3] != shape[4])))
        {
            throw g.Unsupported($"runs {node.Op} on an input of shape [{string.Join(", ", shape)}]{(filter is null ? string.Empty : $" with a filter of shape {Ops.ShapeOf(filter)}")}", where);
        }

        string padding = g.Attr(node, "padding")?.S.ToStringUtf8() ?? "VALID";
        var pads = padding switch
        {
            "VALID" => new (long, long)[3],
            "SAME" => Enumerable.Range(0, 3).Select(i => Keras.Net.Layers.ConvUtils.Padding(shape[i + 1], window[i], "same", strides[i], dilations[i])).ToArray(),
            _ => throw g.Unsupported($"uses {node.Op} with padding {padding}", where),
        };
        return filter is null
            ? Ops.Pool(input, node.Op == "MaxPool3D", window, strides, pads)
            : Ops.Convolution(input, filter, null, strides, dilations, 1, pads);
    }

    /// <summary>Conv2DBackpropInput with VALID padding: the full transposed convolution, checked against input_sizes.</summary>
    private static Tensor TransposedConvolution(GraphInterpreter g, NodeDef node, long[] sizes, Tensor filter, Tensor input, string where)
    {
        RequireNhwc(g, node, where);
        long[] strides = Spatial(g.Attr(node, "strides")), dilations = Spatial(g.Attr(node, "dilations"), 1);
        long[] shape = Ops.ShapeOf(input).ToArray(), k = Ops.ShapeOf(filter).ToArray();
        if (shape.Length != 4 || k.Length != 4 || k[3] != shape[3] || sizes.Length != 4)
        {
            throw g.Unsupported($"runs Conv2DBackpropInput on an input of shape [{string.Join(", ", shape)}] with a filter of shape [{string.Join(", ", k)}]", where);
        }

        string padding = g.Attr(node, "padding")?.S.ToStringUtf8() ?? "VALID";
        long[] full = Enumerable.Range(0, 2).Select(i => ((shape[i + 1] - 1) * strides[i]) + ((k[i] - 1) * dilations[i]) + 1).ToArray();
        if (padding != "VALID" || sizes[1] != full[0] || sizes[2] != full[1] || sizes[3] != k[2])
        {
            throw g.Unsupported($"runs Conv2DBackpropInput with padding {padding} to size [{string.Join(", ", sizes)}] (only the full VALID output, [{shape[0]}, {full[0]}, {full[1]}, {k[2]}] here, is supported)", where);
        }

        return Ops.ConvolutionTranspose(input, filter, strides, dilations);
    }
}
