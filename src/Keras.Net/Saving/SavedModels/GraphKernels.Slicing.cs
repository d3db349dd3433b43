// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// TensorFlow's <c>StridedSlice</c> on tensors of any rank, with every mask (begin, end, ellipsis, new axis, shrink):
/// the sparse spec is expanded to one (begin, end, stride) per input axis as TensorFlow's ValidateStridedSliceOp
/// does, each axis is gathered with explicit indices (any stride sign), then shrunk and new axes are reshaped in.
/// </summary>
internal static partial class GraphKernels
{
    private static Tensor StridedSliceAny(GraphInterpreter g, NodeDef node, Tensor input, long[] begin, long[] end, long[] strides, string where)
    {
        long[] shape = Ops.ShapeOf(input).ToArray();
        int n = begin.Length;
        if (end.Length != n || strides.Length != n)
        {
            throw g.Unsupported($"passes StridedSlice begin/end/strides of lengths {begin.Length}/{end.Length}/{strides.Length}", where);
        }

        long beginMask = g.Attr(node, "begin_mask")?.I ?? 0, endMask = g.Attr(node, "end_mask")?.I ?? 0;
        long ellipsisMask = g.Attr(node, "ellipsis_mask")?.I ?? 0, newAxisMask = g.Attr(node, "new_axis_mask")?.I ?? 0;
        long shrinkMask = g.Attr(node, "shrink_axis_mask")?.I ?? 0;
        bool Bit(long mask, int i) => ((mask >> i) & 1) == 1;

        int real = Enumerable.Range(0, n).Count(i => !Bit(ellipsisMask, i) && !Bit(newAxisMask, i));
        if (Enumerable.Range(0, n).Count(i => Bit(ellipsisMask, i)) > 1 || real > shape.Length)
        {
            throw g.Unsupported($"uses StridedSlice with {real} sliced axes on a tensor of rank {shape.Length} (or several ellipses)", where);
        }

        var outputShape = new List<long>();
        Tensor result = input;
        int axis = 0;
        for (int i = 0; i < n || axis < shape.Length; i++)
        {
            if (i >= n || Bit(ellipsisMask, i))
            {
                // An ellipsis (or the implicit one after the last entry) keeps whole axes.
                int keep = i >= n ? shape.Length - axis : shape.Length - real;
                for (int k = 0; k < keep; k++, axis++)
                {
                    outputShape.Add(shape[axis]);
                }

                if (i >= n)
                {
                    break;
                }

                continue;
            }

            if (Bit(newAxisMask, i))
            {
                outputShape.Add(1);
                continue;
            }

            long dim = shape[axis], stride = strides[i];
            if (stride == 0)
            {
                throw g.Unsupported("uses StridedSlice with a zero stride", where);
            }

            if (Bit(shrinkMask, i))
            {
                long b = begin[i] < 0 ? begin[i] + dim : begin[i];
                if (b < 0 || b >= dim)
                {
                    throw g.Unsupported($"takes element {begin[i]} of an axis of {dim} in StridedSlice", where);
                }

                result = Ops.Take(result, Ops.FromArray(new long[] { b }, [1]), axis);
                axis++;
                continue;
            }

            long lo = stride > 0 ? 0 : -1, hi = stride > 0 ? dim : dim - 1;
            long start = Bit(beginMask, i) ? (stride > 0 ? 0 : dim - 1) : Math.Clamp(begin[i] < 0 ? begin[i] + dim : begin[i], lo, hi);
            long stop = Bit(endMask, i) ? (stride > 0 ? dim : -1) : Math.Clamp(end[i] < 0 ? end[i] + dim : end[i], lo, hi);
            long count = stride > 0 ? Math.Max(0, (stop - start + stride - 1) / stride) : Math.Max(0, (start - stop - stride - 1) / -stride);
            if (!(count == dim && stride == 1))
            {
                long[] picks = new long[count];
                for (long k = 0; k < count; k++)
                {
                    picks[k] = start + (k * stride);
                }

                result = Ops.Take(result, Ops.FromArray(picks, [count]), axis);
            }

            outputShape.Add(count);
            axis++;
        }

        return Ops.Reshape(result, outputShape.ToArray());
    }
}
