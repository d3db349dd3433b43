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
        Tensor recorded = NotNull(x).reshape(shape);
        return OpRecording.IsActive ? OpRecording.Record("reshape", recorded, [x], new Dictionary<string, object> { ["shape"] = shape }) : recorded;
    }

    /// <summary>Permutes axes.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The permutation.</param>
    /// <returns>The permuted tensor.</returns>
    public static Tensor Transpose(Tensor x, long[] axes)
    {
        Tensor recorded = NotNull(x).permute(axes);
        return OpRecording.IsActive ? OpRecording.Record("transpose", recorded, [x], new Dictionary<string, object> { ["perm"] = axes }) : recorded;
    }

    /// <summary>Joins tensors along an axis.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The joined tensor.</returns>
    public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, long axis = -1)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Tensor recorded = torch.cat(tensors.ToArray(), axis);
        return OpRecording.IsActive ? OpRecording.Record("concatenate", recorded, tensors.ToArray(), new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>Stacks tensors along a new axis.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="axis">The new axis.</param>
    /// <returns>The stacked tensor.</returns>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Tensor recorded = torch.stack(tensors.ToArray(), axis);
        return OpRecording.IsActive ? OpRecording.Record("stack", recorded, tensors.ToArray(), new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>A slice of one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="start">The first index.</param>
    /// <param name="length">How many.</param>
    /// <returns>A view of the slice.</returns>
    public static Tensor Narrow(Tensor x, long axis, long start, long length)
    {
        Tensor recorded = NotNull(x).narrow(axis, start, length);
        return OpRecording.IsActive ? OpRecording.Record("slice", recorded, [x], new Dictionary<string, object> { ["axis"] = axis, ["start"] = start, ["length"] = length }) : recorded;
    }

    /// <summary>Repeats each element <paramref name="repeats"/> times along an axis (nearest-neighbour upsampling).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="repeats">How many copies of each element.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The longer tensor.</returns>
    public static Tensor RepeatEach(Tensor x, long repeats, long axis)
    {
        Tensor recorded = NotNull(x).repeat_interleave(repeats, axis);
        return OpRecording.IsActive ? OpRecording.Record("repeat", recorded, [x], new Dictionary<string, object> { ["repeats"] = repeats, ["axis"] = axis }) : recorded;
    }

    /// <summary>Tiles the tensor: axis i is repeated <c>reps[i]</c> times.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="reps">Repetitions per axis.</param>
    /// <returns>The tiled tensor.</returns>
    public static Tensor Tile(Tensor x, long[] reps)
    {
        Tensor recorded = NotNull(x).repeat(reps);
        return OpRecording.IsActive ? OpRecording.Record("tile", recorded, [x], new Dictionary<string, object> { ["reps"] = reps }) : recorded;
    }

    /// <summary>Adds zeros before and after each axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="padding">(before, after) for every axis, first axis first.</param>
    /// <returns>The padded tensor.</returns>
    public static Tensor ZeroPad(Tensor x, (long Before, long After)[] padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        Tensor y = torch.nn.functional.pad(NotNull(x), padding.Reverse().SelectMany(p => new[] { p.Before, p.After }).ToArray());
        Tensor recorded = y;
        return OpRecording.IsActive ? OpRecording.Record("pad", recorded, [x], new Dictionary<string, object> { ["padding"] = padding.SelectMany(p => new[] { p.Before, p.After }).ToArray() }) : recorded;
    }

    /// <summary>Reverses the order of elements along one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The reversed tensor.</returns>
    public static Tensor Reverse(Tensor x, long axis)
    {
        Tensor recorded = NotNull(x).flip(axis);
        return OpRecording.IsActive ? OpRecording.Record("reverse", recorded, [x], new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>Adds an axis of size 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">Where.</param>
    /// <returns>The expanded tensor.</returns>
    public static Tensor ExpandDims(Tensor x, long axis)
    {
        Tensor recorded = NotNull(x).unsqueeze(axis);
        return OpRecording.IsActive ? OpRecording.Record("expand_dims", recorded, [x], new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>Removes an axis of size 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">Which.</param>
    /// <returns>The squeezed tensor.</returns>
    public static Tensor Squeeze(Tensor x, long axis)
    {
        Tensor recorded = NotNull(x).squeeze(axis);
        return OpRecording.IsActive ? OpRecording.Record("squeeze", recorded, [x], new Dictionary<string, object> { ["axis"] = axis }) : recorded;
    }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of the first axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="start">First row.</param>
    /// <param name="length">Row count.</param>
    /// <returns>A view of the rows.</returns>
    public static Tensor SliceRows(Tensor x, long start, long length) => Narrow(x, 0, start, length);

    /// <summary>The time step <paramref name="t"/> of a <c>(batch, steps, ...)</c> tensor, keeping the axis (length 1).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="t">The step.</param>
    /// <returns>A view <c>(batch, 1, ...)</c>.</returns>
    public static Tensor SliceTime(Tensor x, long t) => Narrow(x, 1, t, 1);

    /// <summary>Splits the last axis into <paramref name="parts"/> equal chunks.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="parts">How many.</param>
    /// <returns>The chunks (views).</returns>
    /// <exception cref="ArgumentException">The last axis does not divide into <paramref name="parts"/> equal chunks.</exception>
    public static Tensor[] SplitLastAxis(Tensor x, int parts)
    {
        Tensor[] chunks = NotNull(x).chunk(parts, -1);
        if (chunks.Length != parts)
        {
            foreach (Tensor c in chunks)
            {
                c.Dispose();
            }

            throw new ArgumentException($"SplitLastAxis: the last axis of shape [{string.Join(", ", x.shape)}] does not split into {parts} equal parts.", nameof(parts));
        }

        OpRecording.Current?.Record("split", chunks, [x], new Dictionary<string, object> { ["axis"] = -1L, ["parts"] = (long)parts });
        return chunks;
    }

    /// <summary>The rows of the first axis at <paramref name="indices"/>.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="indices">An int64 index tensor.</param>
    /// <returns>The gathered rows.</returns>
    public static Tensor TakeRows(Tensor x, Tensor indices)
    {
        Tensor recorded = NotNull(x).index_select(0, NotNull(indices));
        return OpRecording.IsActive ? OpRecording.Record("take", recorded, [x, indices], new Dictionary<string, object> { ["axis"] = 0L }) : recorded;
    }
}
