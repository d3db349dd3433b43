// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Loops over sequences (Keras's <c>keras.ops.scan</c>).</summary>
public static partial class Ops
{
    /// <summary>
    /// Runs <paramref name="step"/> once per slice of <paramref name="sequences"/> along <paramref name="axis"/>, threading
    /// a state through: <c>(carry, outputs_t) = step(carry, slices_t)</c>. Returns the last state and each output's
    /// slices stacked along <paramref name="axis"/>, in the order the steps ran. A saved model records the loop as
    /// one loop (a TensorFlow <c>While</c> over <c>TensorList</c>s), not one copy of the body per step.
    /// </summary>
    /// <param name="step">The body: the state and this step's slices (the axis removed) to the next state and this step's outputs.</param>
    /// <param name="initial">The state before the first step.</param>
    /// <param name="sequences">The sequences, all of the same length along <paramref name="axis"/>.</param>
    /// <param name="axis">The axis to loop along.</param>
    /// <param name="reverse">Run from the last slice to the first (outputs are stacked in that order).</param>
    /// <returns>The final state and the stacked outputs.</returns>
    /// <exception cref="ArgumentException">No sequence, sequences of different lengths or of length 0, or a step whose results change in number.</exception>
    public static (IReadOnlyList<Tensor> Carry, IReadOnlyList<Tensor> Outputs) Scan(
        Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>, (IReadOnlyList<Tensor> Carry, IReadOnlyList<Tensor> Outputs)> step,
        IReadOnlyList<Tensor> initial,
        IReadOnlyList<Tensor> sequences,
        long axis = 0,
        bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            throw new ArgumentException("Scan needs at least one sequence to loop over.", nameof(sequences));
        }

        long steps = LoopLength(sequences, axis);
        IOpRecorder? recorder = OpRecording.Current;
        IReadOnlyList<Tensor> carry = initial;
        var outputs = new List<List<Tensor>>();
        for (long i = 0; i < steps; i++)
        {
            long t = reverse ? steps - 1 - i : i;
            bool recordBody = recorder is not null && i == 0;
            IReadOnlyList<Tensor> slices;
            using (recorder is null ? null : OpRecording.Pause())
            {
                slices = sequences.Select(s => s.narrow(axis, t, 1).squeeze(axis)).ToArray();
                if (recordBody)
                {
                    // The body sees stand-ins, so that its inputs are told apart from the tensors outside the loop.
                    carry = carry.Select(c => c.alias()).ToArray();
                    recorder!.BeginLoop(initial, sequences, axis, reverse, carry, slices);
                }
            }

            (IReadOnlyList<Tensor> next, IReadOnlyList<Tensor> ys) = Step(step, carry, slices, recorder is not null && !recordBody);
            if (next.Count != initial.Count || (outputs.Count > 0 && ys.Count != outputs.Count))
            {
                throw new ArgumentException($"Scan: step {t} returned {next.Count} states and {ys.Count} outputs; the loop started with {initial.Count} states{(outputs.Count > 0 ? $" and {outputs.Count} outputs" : string.Empty)}.", nameof(step));
            }

            if (recordBody)
            {
                recorder!.EndLoopBody(next, ys);
            }

            if (outputs.Count == 0)
            {
                outputs.AddRange(ys.Select(_ => new List<Tensor>()));
            }

            for (int k = 0; k < ys.Count; k++)
            {
                outputs[k].Add(ys[k]);
            }

            carry = next;
        }

        Tensor[] stacked;
        using (recorder is null ? null : OpRecording.Pause())
        {
            stacked = outputs.Select(o => torch.stack(o.ToArray(), axis)).ToArray();
        }

        recorder?.EndLoop(carry, stacked);
        return (carry, stacked);
    }

    private static (IReadOnlyList<Tensor>, IReadOnlyList<Tensor>) Step(
        Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>, (IReadOnlyList<Tensor> Carry, IReadOnlyList<Tensor> Outputs)> step,
        IReadOnlyList<Tensor> carry,
        IReadOnlyList<Tensor> slices,
        bool paused)
    {
        using (paused ? OpRecording.Pause() : null)
        {
            return step(carry, slices);
        }
    }

    private static long LoopLength(IReadOnlyList<Tensor> sequences, long axis)
    {
        long? steps = null;
        foreach (Tensor s in sequences)
        {
            long rank = NotNull(s).dim();
            long a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank)
            {
                throw new ArgumentException($"Scan: axis {axis} is outside a sequence of shape [{string.Join(", ", s.shape)}].", nameof(axis));
            }

            if (steps is long n && n != s.shape[a])
            {
                throw new ArgumentException($"Scan: the sequences differ in length along axis {axis} ({n} and {s.shape[a]}).", nameof(sequences));
            }

            steps = s.shape[a];
        }

        return steps is > 0 ? steps.Value : throw new ArgumentException("Scan: the sequences are empty along the loop axis; there is no step to run.", nameof(sequences));
    }

    /// <summary>Zeros of shape <c>(batch, *shape)</c>, the batch taken from <paramref name="like"/>'s first axis (an RNN's first state).</summary>
    internal static Tensor ZerosForBatch(Tensor like, long[] shape, DType dtype)
    {
        Tensor zeros = torch.zeros([NotNull(like).shape[0], .. shape], TorchInterop.ToTorch(dtype), like.device);
        Tensor recorded = zeros;
        return OpRecording.IsActive ? OpRecording.Record("batch_zeros", recorded, [like], new Dictionary<string, object> { ["shape"] = shape, ["dtype"] = dtype }) : recorded;
    }
}
