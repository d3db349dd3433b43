// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Training;

/// <summary>
/// Batches over in-memory tensors (what <c>Fit(x, y)</c> uses): <see cref="BatchSize"/> samples at a time,
/// the last batch smaller, reshuffled every epoch when <see cref="Shuffle"/> is set (seeded by
/// <see cref="KerasBackend.SetRandomSeed"/>).
/// </summary>
public sealed class TensorDataset : IDataset
{
    /// <summary>Creates the dataset.</summary>
    /// <param name="inputs">One tensor per model input.</param>
    /// <param name="targets">One tensor per model output (may be empty).</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="shuffle">Reshuffle every epoch.</param>
    /// <exception cref="ArgumentException">The tensors disagree on the number of samples.</exception>
    public TensorDataset(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, Tensor? sampleWeight = null, int batchSize = 32, bool shuffle = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("At least one input tensor is required.", nameof(inputs));
        }

        var all = inputs.Concat(targets).Concat(sampleWeight is null ? [] : [sampleWeight]).ToList();
        long n = Ops.ShapeOf(inputs[0]).Rank > 0 ? Ops.ShapeOf(inputs[0])[0] ?? 0 : 0;
        if (all.Any(t => Ops.ShapeOf(t).Rank == 0 || Ops.ShapeOf(t)[0] != n))
        {
            throw new ArgumentException(
                $"Data cardinality is ambiguous. Make sure all arrays contain the same number of samples. Received shapes: x: [{string.Join(", ", inputs.Select(Ops.ShapeOf))}], y: [{string.Join(", ", targets.Select(Ops.ShapeOf))}]" +
                (sampleWeight is null ? string.Empty : $", sample_weight: {Ops.ShapeOf(sampleWeight)}"));
        }

        Inputs = inputs;
        Targets = targets;
        SampleWeight = sampleWeight;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Count = n;
    }

    /// <summary>The inputs.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>The targets.</summary>
    public IReadOnlyList<Tensor> Targets { get; }

    /// <summary>The sample weights, if any.</summary>
    public Tensor? SampleWeight { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether batches are reshuffled every epoch.</summary>
    public bool Shuffle { get; }

    /// <summary>The number of samples.</summary>
    public long Count { get; }

    /// <inheritdoc />
    public int? BatchCount => (int)((Count + BatchSize - 1) / BatchSize);

    /// <inheritdoc />
    public bool OwnsBatches => true;

    /// <summary>Splits off the last <paramref name="fraction"/> of the samples (before any shuffling), as Keras's <c>validation_split</c>.</summary>
    /// <param name="fraction">The fraction in (0, 1).</param>
    /// <returns>The training part and the validation part (views of these tensors).</returns>
    public (TensorDataset Train, TensorDataset Validation) Split(double fraction)
    {
        if (fraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), $"`validation_split` must be in the range (0, 1). Received: validation_split={fraction}");
        }

        long splitAt = (long)Math.Floor(Count * (1.0 - fraction));
        if (splitAt <= 0 || splitAt >= Count)
        {
            throw new ArgumentException($"Training data contains {Count} samples, which is not sufficient to split it into a validation and training set as specified by `validation_split={fraction}`.");
        }

        TensorDataset Part(long start, long len) => new(
            Inputs.Select(t => Ops.SliceRows(t, start, len)).ToArray(),
            Targets.Select(t => Ops.SliceRows(t, start, len)).ToArray(),
            SampleWeight is null ? null : Ops.SliceRows(SampleWeight, start, len),
            BatchSize,
            Shuffle);
        return (Part(0, splitAt), Part(splitAt, Count - splitAt));
    }

    /// <inheritdoc />
    public IEnumerable<DataBatch> GetBatches(int epoch)
    {
        Tensor? order = Shuffle ? Ops.RandomPermutation(Count, RandomState.NextSeed(), Ops.DeviceOf(Inputs[0])) : null;
        try
        {
            for (long start = 0; start < Count; start += BatchSize)
            {
                long len = Math.Min(BatchSize, Count - start);
                if (order is null)
                {
                    yield return new DataBatch(
                        Inputs.Select(t => Ops.SliceRows(t, start, len)).ToArray(),
                        Targets.Select(t => Ops.SliceRows(t, start, len)).ToArray(),
                        SampleWeight is null ? null : Ops.SliceRows(SampleWeight, start, len));
                }
                else
                {
                    using Tensor idx = Ops.SliceRows(order, start, len);
                    yield return new DataBatch(
                        Inputs.Select(t => Ops.TakeRows(t, idx)).ToArray(),
                        Targets.Select(t => Ops.TakeRows(t, idx)).ToArray(),
                        SampleWeight is null ? null : Ops.TakeRows(SampleWeight, idx));
                }
            }
        }
        finally
        {
            order?.Dispose();
        }
    }
}
