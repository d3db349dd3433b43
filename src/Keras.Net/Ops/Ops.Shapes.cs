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
        return Attributed("reshape", NotNull(x).reshape(shape), [x], () => new() { ["shape"] = shape });
    }

    /// <summary>Permutes axes.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The permutation.</param>
    /// <returns>The permuted tensor.</returns>
    public static Tensor Transpose(Tensor x, long[] axes) => Attributed("transpose", NotNull(x).permute(axes), [x], () => new() { ["perm"] = axes });

    /// <summary>Joins tensors along an axis.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The joined tensor.</returns>
    public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, long axis = -1)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Attributed("concatenate", torch.cat(tensors.ToArray(), axis), tensors.ToArray(), () => new() { ["axis"] = axis });
    }

    /// <summary>Stacks tensors along a new axis.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="axis">The new axis.</param>
    /// <returns>The stacked tensor.</returns>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Attributed("stack", torch.stack(tensors.ToArray(), axis), tensors.ToArray(), () => new() { ["axis"] = axis });
    }

    /// <summary>A slice of one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="start">The first index.</param>
    /// <param name="length">How many.</param>
    /// <returns>A view of the slice.</returns>
    public static Tensor Narrow(Tensor x, long axis, long start, long length) =>
        Attributed("slice", NotNull(x).narrow(axis, start, length), [x], () => new() { ["axis"] = axis, ["start"] = start, ["length"] = length });

    /// <summary>Repeats each element <paramref name="repeats"/> times along an axis (nearest-neighbour upsampling).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="repeats">How many copies of each element.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The longer tensor.</returns>
    public static Tensor RepeatEach(Tensor x, long repeats, long axis) =>
        Attributed("repeat", NotNull(x).repeat_interleave(repeats, axis), [x], () => new() { ["repeats"] = repeats, ["axis"] = axis });

    /// <summary>Tiles the tensor: axis i is repeated <c>reps[i]</c> times.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="reps">Repetitions per axis.</param>
    /// <returns>The tiled tensor.</returns>
    public static Tensor Tile(Tensor x, long[] reps) => Attributed("tile", NotNull(x).repeat(reps), [x], () => new() { ["reps"] = reps });

    /// <summary>Adds zeros before and after each axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="padding">(before, after) for every axis, first axis first.</param>
    /// <returns>The padded tensor.</returns>
    public static Tensor ZeroPad(Tensor x, (long Before, long After)[] padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        Tensor y = torch.nn.functional.pad(NotNull(x), padding.Reverse().SelectMany(p => new[] { p.Before, p.After }).ToArray());
        return Attributed("pad", y, [x], () => new() { ["padding"] = padding.SelectMany(p => new[] { p.Before, p.After }).ToArray() });
    }

    /// <summary>Reverses the order of elements along one axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>The reversed tensor.</returns>
    public static Tensor Reverse(Tensor x, long axis) => Attributed("reverse", NotNull(x).flip(axis), [x], () => new() { ["axis"] = axis });

    /// <summary>Adds an axis of size 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">Where.</param>
    /// <returns>The expanded tensor.</returns>
    public static Tensor ExpandDims(Tensor x, long axis) => Attributed("expand_dims", NotNull(x).unsqueeze(axis), [x], () => new() { ["axis"] = axis });

    /// <summary>Removes an axis of size 1.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">Which.</param>
    /// <returns>The squeezed tensor.</returns>
    public static Tensor Squeeze(Tensor x, long axis) => Attributed("squeeze", NotNull(x).squeeze(axis), [x], () => new() { ["axis"] = axis });

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
    public static Tensor TakeRows(Tensor x, Tensor indices) => Attributed("take", NotNull(x).index_select(0, NotNull(indices)), [x, indices], () => new() { ["axis"] = 0L });
}
