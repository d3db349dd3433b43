// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Shape manipulation.</summary>
public static partial class Ops
{
    /// <summary>Reshapes (one dimension may be -1).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="shape">The new shape.</param>
    /// <returns>The reshaped tensor.</returns>
    public static Tensor Reshape(Tensor x, long[] shape)
    {
        Tensor y = NotNull(x).reshape(shape);

        if (!GraphTracer.IsTracing)
        {
            return y;
        }

        // Traced with the batch dimension left free (-1), as tf.keras's Flatten and Reshape write it.
        return GraphTracer.TracedWith("Reshape", y, [x], t => [t.IntVector([-1, .. y.shape.Skip(1)])], node => node.Attr["Tshape"] = new Protos.AttrValue { Type = Protos.DataType.DtInt32 });
    }

    /// <summary>Permutes axes.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The permutation.</param>
    /// <returns>The permuted tensor.</returns>
    public static Tensor Transpose(Tensor x, long[] axes) => NotNull(x).permute(axes);

    /// <summary>Joins tensors along an axis.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The joined tensor.</returns>
    public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, long axis = -1)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Tensor y = torch.cat(tensors.ToArray(), axis);
        if (!GraphTracer.IsTracing)
        {
            return y;
        }

        return GraphTracer.TracedWith("ConcatV2", y, tensors, t => [t.IntVector([axis], scalar: true)], node =>
        {
            node.Attr["N"] = new Protos.AttrValue { I = tensors.Count };
            node.Attr["Tidx"] = new Protos.AttrValue { Type = Protos.DataType.DtInt32 };
        });
    }

    /// <summary>Stacks tensors along a new axis.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="axis">The new axis.</param>
    /// <returns>The stacked tensor.</returns>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return torch.stack(tensors.ToArray(), axis);
    }

    /// <summary>A slice of one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="start">The first index.</param>
    /// <param name="length">How many.</param>
    /// <returns>A view of the slice.</returns>
    public static Tensor Narrow(Tensor x, long axis, long start, long length) => NotNull(x).narrow(axis, start, length);

    /// <summary>Repeats each element <paramref name="repeats"/> times along an axis (nearest-neighbour upsampling).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="repeats">How many copies of each element.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The longer tensor.</returns>
    public static Tensor RepeatEach(Tensor x, long repeats, long axis) => NotNull(x).repeat_interleave(repeats, axis);

    /// <summary>Tiles the tensor: axis i is repeated <c>reps[i]</c> times.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="reps">Repetitions per axis.</param>
    /// <returns>The tiled tensor.</returns>
    public static Tensor Tile(Tensor x, long[] reps) => NotNull(x).repeat(reps);

    /// <summary>Adds zeros before and after each axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="padding">(before, after) for every axis, first axis first.</param>
    /// <returns>The padded tensor.</returns>
    public static Tensor ZeroPad(Tensor x, (long Before, long After)[] padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        return torch.nn.functional.pad(NotNull(x), padding.Reverse().SelectMany(p => new[] { p.Before, p.After }).ToArray());
    }

    /// <summary>Reverses the order of elements along one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The reversed tensor.</returns>
    public static Tensor Reverse(Tensor x, long axis) => NotNull(x).flip(axis);

    /// <summary>Adds an axis of size 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">Where.</param>
    /// <returns>The expanded tensor.</returns>
    public static Tensor ExpandDims(Tensor x, long axis) => NotNull(x).unsqueeze(axis);

    /// <summary>Removes an axis of size 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">Which.</param>
    /// <returns>The squeezed tensor.</returns>
    public static Tensor Squeeze(Tensor x, long axis) => NotNull(x).squeeze(axis);

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of the first axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="start">First row.</param>
    /// <param name="length">Row count.</param>
    /// <returns>A view of the rows.</returns>
    public static Tensor SliceRows(Tensor x, long start, long length) => NotNull(x).narrow(0, start, length);

    /// <summary>The time step <paramref name="t"/> of a <c>(batch, steps, ...)</c> tensor, keeping the axis (length 1).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="t">The step.</param>
    /// <returns>A view <c>(batch, 1, ...)</c>.</returns>
    public static Tensor SliceTime(Tensor x, long t) => NotNull(x).narrow(1, t, 1);

    /// <summary>Splits the last axis into <paramref name="parts"/> equal chunks.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="parts">How many.</param>
    /// <returns>The chunks (views).</returns>
    public static Tensor[] SplitLastAxis(Tensor x, int parts) => NotNull(x).chunk(parts, -1);

    /// <summary>The rows of the first axis at <paramref name="indices"/>.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="indices">An int64 index tensor.</param>
    /// <returns>The gathered rows.</returns>
    public static Tensor TakeRows(Tensor x, Tensor indices) => NotNull(x).index_select(0, NotNull(indices));
}
