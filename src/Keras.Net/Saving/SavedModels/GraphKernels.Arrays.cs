// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// Array, comparison and logic kernels: creation from shapes (Fill, Range, ZerosLike, OnesLike), ShapeN,
/// Unpack/Split/SplitV, Select/SelectV2, GatherV2/ResourceGather, Cumsum, BatchMatMul(V2), comparisons and logic.
/// Sizes taken from the graph's values are bounded by <see cref="MaxElements"/>; indices are checked first.
/// </summary>
internal static partial class GraphKernels
{
    /// <summary>The op's outputs, or null when it is not one of these.</summary>
    private static GraphValue[]? RunArrayOp(GraphInterpreter g, NodeDef node, List<GraphValue> x, string where)
    {
        Tensor T(int i) => Value(x[i], where);
        GraphValue[] One(Tensor t) => [GraphValue.Of(t)];
        switch (node.Op)
        {
            case "Fill":
            {
                long[] dims = Bounded(Longs(T(0)), g, where);
                return One(Ops.Full(dims, Ops.ToScalar(T(1)), Ops.DTypeOf(T(1))));
            }

            case "Range":
            {
                double start = Ops.ToScalar(T(0)), limit = Ops.ToScalar(T(1)), delta = Ops.ToScalar(T(2));
                double count = delta == 0 ? double.PositiveInfinity : Math.Ceiling((limit - start) / delta);
                if (!(count <= MaxElements))
                {
                    throw g.Unsupported($"asks for a Range of {count} elements (start {start}, limit {limit}, delta {delta}; at most {MaxElements})", where);
                }

                return One(count <= 0 ? Ops.Zeros([0], Ops.DTypeOf(T(0))) : Ops.Range(start, limit, delta, Ops.DTypeOf(T(0))));
            }

            case "ZerosLike":
            case "OnesLike":
                return One(Ops.Full(Ops.ShapeOf(T(0)).ToArray(), node.Op == "ZerosLike" ? 0 : 1, Ops.DTypeOf(T(0))));
            case "ShapeN":
                return x.Select(v => GraphValue.Of(Ops.Cast(Ops.FromArray(Ops.ShapeOf(Value(v, where)).ToArray(), [Ops.ShapeOf(Value(v, where)).Rank]), DTypeAttr(g, node, "out_type", where)))).ToArray();
            case "Unpack":
            {
                Tensor input = T(0);
                long axis = Axis(g.Attr(node, "axis")?.I ?? 0, Ops.ShapeOf(input).Rank, g, where);
                long n = Ops.ShapeOf(input)[(int)axis] ?? 0;
                return Enumerable.Range(0, (int)n).Select(i => GraphValue.Of(Ops.Squeeze(Ops.Narrow(input, axis, i, 1), axis))).ToArray();
            }

            case "Split":
            {
                Tensor input = T(1);
                long axis = Axis(Longs(T(0))[0], Ops.ShapeOf(input).Rank, g, where);
                long parts = g.Attr(node, "num_split")?.I ?? 1;
                long size = Ops.ShapeOf(input)[(int)axis] ?? 0;
                if (parts <= 0 || size % parts != 0)
                {
                    throw g.Unsupported($"splits an axis of {size} into {parts} equal parts", where);
                }

                return Enumerable.Range(0, (int)parts).Select(i => GraphValue.Of(Ops.Narrow(input, axis, i * (size / parts), size / parts))).ToArray();
            }

            case "SplitV":
            {
                Tensor input = T(0);
                long axis = Axis(Longs(T(2))[0], Ops.ShapeOf(input).Rank, g, where);
                long size = Ops.ShapeOf(input)[(int)axis] ?? 0;
                long[] sizes = Longs(T(1));
                int unknown = Array.FindIndex(sizes, s => s < 0);
                if (unknown >= 0)
                {
                    sizes[unknown] = size - sizes.Where((_, i) => i != unknown).Sum();
                }

                if (sizes.Any(s => s < 0) || sizes.Sum() != size)
                {
                    throw g.Unsupported($"splits an axis of {size} into sizes [{string.Join(", ", sizes)}]", where);
                }

                long at = 0;
                var outputs = new GraphValue[sizes.Length];
                for (int i = 0; i < sizes.Length; i++)
                {
                    outputs[i] = GraphValue.Of(Ops.Narrow(input, axis, at, sizes[i]));
                    at += sizes[i];
                }

                return outputs;
            }

            case "Select":
            case "SelectV2":
            {
                Tensor condition = T(0);
                if (node.Op == "Select" && Ops.ShapeOf(condition).Rank == 1 && Ops.ShapeOf(T(1)).Rank > 1)
                {
                    // TF1 Select with a vector condition picks whole rows.
                    long[] shape = Enumerable.Repeat(1L, Ops.ShapeOf(T(1)).Rank).ToArray();
                    shape[0] = -1;
                    condition = Ops.Reshape(condition, shape);
                }

                return One(Ops.Where(Ops.Cast(condition, DType.Bool), T(1), T(2)));
            }

            case "GatherV2":
            {
                long batchDims = g.Attr(node, "batch_dims")?.I ?? 0;
                if (batchDims != 0)
                {
                    throw g.Unsupported("uses GatherV2 with batch_dims (not supported yet)", where);
                }

                long axis = Longs(T(2))[0];
                return One(Ops.Take(T(0), T(1), axis));
            }

            case "ResourceGather":
            {
                GraphValue table = Deref(x[0], where) is { Resource: { } slot } ? slot.Value ?? throw g.Unsupported("gathers from a variable that was never assigned", where) : x[0];
                return One(Ops.Take(table.RequireTensor(where), T(1), 0));
            }

            case "Cumsum":
            {
                Tensor input = T(0);
                long axis = Axis(Longs(T(1))[0], Ops.ShapeOf(input).Rank, g, where);
                return One(Ops.Cumsum(input, axis, g.Attr(node, "exclusive")?.B ?? false, g.Attr(node, "reverse")?.B ?? false));
            }

            case "BatchMatMul":
            case "BatchMatMulV2":
            case "BatchMatMulV3":
            {
                Tensor a = g.Attr(node, "adj_x")?.B == true ? SwapLastTwo(T(0), g, where) : T(0);
                Tensor b = g.Attr(node, "adj_y")?.B == true ? SwapLastTwo(T(1), g, where) : T(1);
                return One(Ops.MatMul(a, b));
            }

            case "Einsum":
                return One(Ops.Einsum(g.Attr(node, "equation")?.S.ToStringUtf8() ?? throw g.Unsupported("has an Einsum without an equation", where), x.Select(v => Value(v, where)).ToList()));
            case "Prod":
            case "Min":
            {
                long[] axes = Longs(T(1));
                bool keep = g.Attr(node, "keep_dims")?.B ?? false;
                return One(node.Op == "Prod" ? Ops.Prod(T(0), axes, keep) : Ops.Min(T(0), axes, keep));
            }

            case "SquaredDifference":
                return One(Ops.Square(Ops.Subtract(T(0), T(1))));
            case "Abs":
                return One(Ops.Abs(T(0)));
            case "ArgMax":
            {
                Tensor input = T(0);
                long axis = Axis(Longs(T(1))[0], Ops.ShapeOf(input).Rank, g, where);
                return One(Ops.Cast(Ops.ArgMax(input, axis), DTypeAttr(g, node, "output_type", where)));
            }

            case "Tile":
            {
                Tensor input = T(0);
                long[] reps = Longs(T(1));
                long[] shape = Ops.ShapeOf(input).ToArray();
                if (reps.Length != shape.Length)
                {
                    throw g.Unsupported($"tiles a tensor of rank {shape.Length} with {reps.Length} multiples", where);
                }

                _ = Bounded(shape.Zip(reps, (d, r) => r < 0 ? -1 : d * r).ToArray(), g, where);
                return One(Ops.Tile(input, reps));
            }

            case "ResizeNearestNeighbor":
            {
                Tensor images = T(0);
                long[] shape = Ops.ShapeOf(images).ToArray();
                long[] size = Longs(T(1));
                if (shape.Length != 4 || size.Length != 2)
                {
                    throw g.Unsupported($"resizes a tensor of shape [{string.Join(", ", shape)}] to [{string.Join(", ", size)}] (NHWC images and [height, width] expected)", where);
                }

                _ = Bounded([shape[0], size[0], size[1], shape[3]], g, where);
                bool alignCorners = g.Attr(node, "align_corners")?.B ?? false, halfPixel = g.Attr(node, "half_pixel_centers")?.B ?? false;
                Tensor rows = Ops.Take(images, Ops.FromArray(NearestSources(shape[1], size[0], alignCorners, halfPixel), [size[0]]), 1);
                return One(Ops.Take(rows, Ops.FromArray(NearestSources(shape[2], size[1], alignCorners, halfPixel), [size[1]]), 2));
            }

            case "Less":
                return One(Ops.Less(T(0), T(1)));
            case "LessEqual":
                return One(Ops.LessEqual(T(0), T(1)));
            case "Greater":
                return One(Ops.Greater(T(0), T(1)));
            case "LogicalAnd":
                return One(Ops.LogicalAnd(T(0), T(1)));
            case "LogicalOr":
                return One(Ops.LogicalOr(T(0), T(1)));
            case "LogicalNot":
                return One(Ops.LogicalNot(T(0)));
            default:
                return null;
        }
    }

    /// <summary>
    /// The source index of each output position of a nearest-neighbour resize, as TensorFlow computes it: scale
    /// <c>in/out</c> (or <c>(in-1)/(out-1)</c> with align_corners), the source <c>floor((o + 0.5) * scale)</c> with
    /// half-pixel centers, <c>round(o * scale)</c> with align_corners, else <c>floor(o * scale)</c>, clamped to the input.
    /// </summary>
    private static long[] NearestSources(long input, long output, bool alignCorners, bool halfPixel)
    {
        float scale = alignCorners && output > 1 ? (input - 1) / (float)(output - 1) : input / (float)output;
        var sources = new long[output];
        for (long o = 0; o < output; o++)
        {
            float at = halfPixel ? MathF.Floor((o + 0.5f) * scale) : alignCorners ? MathF.Round(o * scale, MidpointRounding.AwayFromZero) : MathF.Floor(o * scale);
            sources[o] = Math.Clamp((long)at, 0, Math.Max(0, input - 1));
        }

        return sources;
    }

    /// <summary>A shape taken from the graph's values, refused when negative or above <see cref="MaxElements"/>.</summary>
    private static long[] Bounded(long[] dims, GraphInterpreter g, string where)
    {
        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0 || (d > 0 && count > MaxElements / d))
            {
                throw g.Unsupported($"asks for a tensor of shape [{string.Join(", ", dims)}] (negative, or more than {MaxElements} elements)", where);
            }

            count *= d;
        }

        return dims;
    }

    private static long Axis(long axis, int rank, GraphInterpreter g, string where) =>
        axis >= -rank && axis < rank ? (axis < 0 ? axis + rank : axis) : throw g.Unsupported($"uses axis {axis} on a tensor of rank {rank}", where);

    private static Tensor SwapLastTwo(Tensor t, GraphInterpreter g, string where)
    {
        int rank = Ops.ShapeOf(t).Rank;
        if (rank < 2)
        {
            throw g.Unsupported($"transposes a tensor of rank {rank} in BatchMatMul", where);
        }

        long[] perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return Ops.Transpose(t, perm);
    }
}
