// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;

namespace Keras.Net.Training;

/// <summary>
/// Batches from a user's <see cref="IEnumerable{T}"/> (a generator, Keras's <c>fit(generator, steps_per_epoch=...)</c>)
/// as an <see cref="IDataset"/>. Each batch is made inside its own dispose scope: tensors the generator creates on the
/// way and does not put in the batch are freed at once, and the batch's own tensors are disposed by the training loop
/// after their step (<see cref="OwnsBatches"/>). With <c>stepsPerEpoch</c>, epochs take that many batches from one
/// continuing enumeration (training stops when it runs out, as Keras does); without it, every epoch enumerates the
/// source afresh to its end. With <c>prefetch</c> &gt; 0, a background thread prepares up to that many batches ahead.
/// </summary>
public sealed class GeneratorDataset : IDataset, IDisposable
{
    private readonly IEnumerable<DataBatch> _source;
    private readonly int _prefetch;
    private IEnumerator<DataBatch>? _continuing;
    private Prefetcher? _prefetcher;

    /// <summary>Wraps a source of batches.</summary>
    /// <param name="source">The batches (each yielded once, then disposed by the training loop).</param>
    /// <param name="stepsPerEpoch">Batches per epoch from one continuing enumeration; null: the whole source every epoch.</param>
    /// <param name="prefetch">Batches prepared ahead on a background thread (0: none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive <paramref name="stepsPerEpoch"/> or a negative <paramref name="prefetch"/>.</exception>
    public GeneratorDataset(IEnumerable<DataBatch> source, int? stepsPerEpoch = null, int prefetch = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (stepsPerEpoch is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "stepsPerEpoch must be positive (or null for the whole source).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        _source = source;
        _prefetch = prefetch;
        BatchCount = stepsPerEpoch;
    }

    /// <inheritdoc />
    public int? BatchCount { get; }

    /// <summary>True: the training loop disposes each batch's tensors after its step.</summary>
    public bool OwnsBatches => true;

    /// <summary>
    /// Tensors the prefetch threads left alive on their own threads (their batches, disposed later on the training
    /// thread, count here and there): with the training thread's own count, what a leak check adds up.
    /// </summary>
    internal long PrefetchThreadLiveDelta => _finishedDelta + (_prefetcher?.LiveDelta ?? 0);

    private long _finishedDelta;

    /// <summary>Whether a <c>stepsPerEpoch</c> enumeration ran out of batches (training stops, as in Keras).</summary>
    public bool RanOut { get; private set; }

    /// <inheritdoc />
    public IEnumerable<DataBatch> GetBatches(int epoch)
    {
        if (BatchCount is not int steps)
        {
            using IEnumerator<DataBatch> fresh = Start();
            while (Next(fresh) is { } batch)
            {
                yield return batch;
            }

            yield break;
        }

        _continuing ??= Start();
        for (int i = 0; i < steps; i++)
        {
            if (Next(_continuing) is not { } batch)
            {
                RanOut = true;
                yield break;
            }

            yield return batch;
        }
    }

    /// <summary>Stops the prefetching thread and the source's enumeration.</summary>
    public void Dispose()
    {
        _continuing?.Dispose();
        _continuing = null;
        _finishedDelta += _prefetcher?.Stop() ?? 0;
        _prefetcher = null;
    }

    private IEnumerator<DataBatch> Start()
    {
        if (_prefetch == 0)
        {
            return _source.GetEnumerator();
        }

        _finishedDelta += _prefetcher?.Stop() ?? 0;
        _prefetcher = new Prefetcher(_source, _prefetch);
        return _prefetcher.Batches().GetEnumerator();
    }

    /// <summary>The next batch, made in its own dispose scope; null at the end.</summary>
    private static DataBatch? Next(IEnumerator<DataBatch> e)
    {
        using TensorScope scope = Ops.NewScope();
        if (!e.MoveNext())
        {
            return null;
        }

        DataBatch batch = e.Current ?? throw new InvalidOperationException("The batch source yielded null.");
        scope.Keep(batch.Inputs);
        scope.Keep(batch.Targets);
        if (batch.SampleWeight is not null)
        {
            scope.Keep(batch.SampleWeight);
        }

        return batch;
    }

    /// <summary>A background thread enumerating the source (each batch in its own scope) into a bounded queue.</summary>
    private sealed class Prefetcher
    {
        private readonly BlockingCollection<DataBatch> _queue;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _worker;
        private Exception? _failure;

        internal Prefetcher(IEnumerable<DataBatch> source, int depth)
        {
            _queue = new BlockingCollection<DataBatch>(depth);
            _worker = Task.Factory.StartNew(
                () =>
                {
                    long start = Backend.KerasBackend.LiveTensorCount;
                    try
                    {
                        using IEnumerator<DataBatch> e = source.GetEnumerator();
                        while (!_stop.IsCancellationRequested && Next(e) is { } batch)
                        {
                            if (!Offer(batch))
                            {
                                break;
                            }
                        }
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                    }
                    catch (Exception e)
                    {
                        _failure = e;
                    }
                    finally
                    {
                        _queue.CompleteAdding();
                        LiveDelta = Backend.KerasBackend.LiveTensorCount - start;
                    }
                },
                TaskCreationOptions.LongRunning);
        }

        /// <summary>Queues a batch; one that cannot be queued because training stopped is freed here.</summary>
        private bool Offer(DataBatch batch)
        {
            try
            {
                _queue.Add(batch, _stop.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                Free(batch);
                return false;
            }
        }

        private static void Free(DataBatch batch)
        {
            foreach (Tensor t in batch.Inputs.Concat(batch.Targets))
            {
                t.Dispose();
            }

            batch.SampleWeight?.Dispose();
        }

        internal IEnumerable<DataBatch> Batches()
        {
            foreach (DataBatch batch in _queue.GetConsumingEnumerable())
            {
                yield return batch;
            }

            if (_failure is not null)
            {
                throw new InvalidOperationException($"The batch source failed while prefetching: {_failure.Message}", _failure);
            }
        }

        /// <summary>The worker thread's live-tensor change, once it has finished.</summary>
        internal long LiveDelta { get; private set; }

        /// <summary>Stops the worker, frees the batches it prepared that nobody took; returns its live-tensor change.</summary>
        internal long Stop()
        {
            _stop.Cancel();
            try
            {
                _worker.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }

            while (_queue.TryTake(out DataBatch? left))
            {
                Free(left);
            }

            _queue.Dispose();
            _stop.Dispose();
            return LiveDelta;
        }
    }
}
