// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Callbacks;
using Keras.Net.Training;

namespace Keras.Net.Models;

/// <summary>Training (Keras's <c>fit</c>).</summary>
public partial class Model
{
    /// <summary>Set by a callback to stop <c>Fit</c> after the current batch (Keras's <c>model.stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Whether <c>Fit</c> is running (validation inside <c>Fit</c> is not a separate evaluation).</summary>
    public bool IsTraining { get; private set; }

    /// <summary>The <see cref="Callbacks.History"/> of the last <c>Fit</c>.</summary>
    public History? History { get; private set; }

    /// <summary>Trains on tensors (Keras's <c>fit</c>).</summary>
    /// <param name="x">Inputs, samples along the first axis.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="epochs">The epoch to stop after (counting from 0 over <paramref name="initialEpoch"/>).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks (a <see cref="Callbacks.History"/> and, unless verbose is 0, a <see cref="ProgbarLogger"/> are added).</param>
    /// <param name="validationSplit">Fraction of the samples (taken from the end, before shuffling) to validate on.</param>
    /// <param name="validationData">Validation inputs and targets.</param>
    /// <param name="shuffle">Reshuffle the training samples every epoch.</param>
    /// <param name="classWeight">Weights per class index, multiplied into the sample weights.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <param name="initialEpoch">The epoch to start at (to resume training).</param>
    /// <returns>The history of epoch logs.</returns>
    public History Fit(Tensor x, Tensor y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (Tensor X, Tensor Y)? validationData = null, bool shuffle = true, IReadOnlyDictionary<int, double>? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit([x], [y], batchSize, epochs, verbose, callbacks, validationSplit,
            validationData is { } v ? ([v.X], [v.Y]) : null, shuffle, classWeight, sampleWeight, initialEpoch);
    }

    /// <summary>Trains a model with several inputs or outputs on tensors.</summary>
    /// <param name="x">One tensor per input.</param>
    /// <param name="y">One tensor per output.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationSplit">Fraction of samples to validate on.</param>
    /// <param name="validationData">Validation inputs and targets.</param>
    /// <param name="shuffle">Reshuffle every epoch.</param>
    /// <param name="classWeight">Weights per class index (single-output models).</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <param name="initialEpoch">The epoch to start at.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentException">Empty data, or scalars where samples are expected.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationSplit"/> outside [0, 1).</exception>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)? validationData = null, bool shuffle = true, IReadOnlyDictionary<int, double>? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (validationSplit is < 0 or >= 1 || double.IsNaN(validationSplit))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, $"validation_split must be in [0, 1); received: validationSplit={validationSplit.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        foreach (Tensor t in x.Concat(y))
        {
            if (Ops.ShapeOf(t).Rank == 0 || Ops.ShapeOf(t)[0] == 0)
            {
                throw new ArgumentException($"Expected input data to be non-empty: Fit received a tensor of shape {Ops.ShapeOf(t)}; data must have samples along the first axis.", Ops.ShapeOf(t).Rank == 0 || x.Contains(t) ? nameof(x) : nameof(y));
            }
        }

        using TensorScope scope = Ops.NewScope();
        Tensor? weights = classWeight is null ? sampleWeight : ClassWeights(y, classWeight, sampleWeight);
        var data = new TensorDataset(x, y, weights, batchSize, shuffle);
        IDataset? validation = null;
        if (validationData is { } vd)
        {
            validation = new TensorDataset(vd.X, vd.Y, null, batchSize, shuffle: false);
        }
        else if (validationSplit > 0)
        {
            (data, TensorDataset val) = data.Split(validationSplit);
            validation = val;
        }

        return Fit(data, epochs, verbose, callbacks, validation, initialEpoch);
    }

    /// <summary>Trains on rectangular arrays (one row per sample).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationSplit">Fraction of samples to validate on.</param>
    /// <param name="shuffle">Reshuffle every epoch.</param>
    /// <returns>The history.</returns>
    public History Fit(float[,] x, float[,] y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, double validationSplit = 0, bool shuffle = true)
    {
        using Tensor tx = Ops.FromArray(x);
        using Tensor ty = Ops.FromArray(y);
        return Fit(tx, ty, batchSize, epochs, verbose, callbacks, validationSplit, null, shuffle);
    }

    /// <summary>Trains on jagged arrays whose rows have equal lengths.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationSplit">Fraction of samples to validate on.</param>
    /// <param name="shuffle">Reshuffle every epoch.</param>
    /// <returns>The history.</returns>
    public History Fit(float[][] x, float[][] y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, double validationSplit = 0, bool shuffle = true)
    {
        using Tensor tx = Ops.FromArray(x);
        using Tensor ty = Ops.FromArray(y);
        return Fit(tx, ty, batchSize, epochs, verbose, callbacks, validationSplit, null, shuffle);
    }

    /// <summary>
    /// Trains on batches from a generator (Keras's <c>fit(generator, steps_per_epoch=...)</c>): see
    /// <see cref="GeneratorDataset"/> for how epochs take batches, and who disposes what. Each batch's tensors are
    /// disposed after its step, so yield tensors made for the batch (slices or copies), not ones you keep using.
    /// </summary>
    /// <param name="data">The training batches.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationData">Validation batches, evaluated after every epoch (enumerated afresh each time unless <paramref name="validationSteps"/>).</param>
    /// <param name="stepsPerEpoch">Batches per epoch, taken from one continuing enumeration; null: the whole source every epoch.</param>
    /// <param name="validationSteps">Validation batches per evaluation, from one continuing enumeration.</param>
    /// <param name="initialEpoch">The epoch to start at.</param>
    /// <param name="prefetch">Batches prepared ahead on a background thread while the step runs (0: none).</param>
    /// <returns>The history.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled, or the generator failed.</exception>
    public History Fit(IEnumerable<DataBatch> data, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, IEnumerable<DataBatch>? validationData = null, int? stepsPerEpoch = null, int? validationSteps = null, int initialEpoch = 0, int prefetch = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var train = new GeneratorDataset(data, stepsPerEpoch, prefetch);
        using GeneratorDataset? validation = validationData is null ? null : new GeneratorDataset(validationData, validationSteps);
        return Fit(train, epochs, verbose, callbacks, validation, initialEpoch);
    }

    /// <summary>
    /// Trains on batches from an asynchronous source (an <c>async</c> generator reading files or a network): each batch
    /// is awaited on the training thread as the loop needs it; everything else is as for the synchronous generator.
    /// </summary>
    /// <param name="data">The training batches.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="stepsPerEpoch">Batches per epoch from one continuing enumeration; null: the whole source every epoch.</param>
    /// <param name="prefetch">Batches prepared ahead on a background thread (0: none).</param>
    /// <returns>The history.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled, or the source failed.</exception>
    public History Fit(IAsyncEnumerable<DataBatch> data, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, int? stepsPerEpoch = null, int prefetch = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.ToBlockingEnumerable(), epochs, verbose, callbacks, null, stepsPerEpoch, null, 0, prefetch);
    }

    /// <summary>Trains on a batch source (streaming data).</summary>
    /// <param name="data">The training batches.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationData">Validation batches, evaluated after every epoch.</param>
    /// <param name="initialEpoch">The epoch to start at.</param>
    /// <returns>The history.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public History Fit(IDataset data, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, IDataset? validationData = null, int initialEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsCompiled)
        {
            throw new InvalidOperationException("You must call `Compile()` before using the model.");
        }

        var history = new History();
        CallbackList list = MakeCallbacks(callbacks, history, verbose, epochs, data.BatchCount ?? 0);
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        StopTraining = false;
        IsTraining = true;
        try
        {
            list.Each(c => c.OnTrainBegin(logs));
            int start = list.Items.OfType<BackupAndRestore>().Select(b => b.ResumeEpoch ?? initialEpoch).DefaultIfEmpty(initialEpoch).Max();
            for (int epoch = start; epoch < epochs && !StopTraining; epoch++)
            {
                ResetMetrics();
                list.Each(c => c.OnEpochBegin(epoch, logs));
                int step = 0;
                IReadOnlyDictionary<string, double>? stepLogs = null;
                foreach (DataBatch batch in data.GetBatches(epoch))
                {
                    int current = step;
                    list.Each(c => c.OnTrainBatchBegin(current, logs));
                    try
                    {
                        stepLogs = TrainStep(batch);
                    }
                    finally
                    {
                        if (data.OwnsBatches)
                        {
                            DisposeBatch(batch);
                        }
                    }

                    Dictionary<string, double> batchLogs = stepLogs is not null ? new(stepLogs, StringComparer.Ordinal) : list.NeedsBatchLogs ? GetMetricsResult() : [];
                    list.Each(c => c.OnTrainBatchEnd(current, batchLogs));
                    step++;
                    if (StopTraining)
                    {
                        break;
                    }
                }

                if (data is GeneratorDataset { RanOut: true })
                {
                    Console.Error.WriteLine($"WARNING: Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `stepsPerEpoch * epochs` batches ({data.BatchCount} * {epochs}).");
                    StopTraining = true;
                }

                // As Keras: an overridden step's last logs are the epoch's logs.
                logs = stepLogs is not null ? new Dictionary<string, double>(stepLogs, StringComparer.Ordinal) : GetMetricsResult();
                if (validationData is not null)
                {
                    foreach (var (k, v) in EvaluateCore(validationData, list))
                    {
                        logs["val_" + k] = v;
                    }
                }

                list.Each(c => c.OnEpochEnd(epoch, logs));
            }

            // As Keras: the optimizer's final values (EMA averages) replace the weights before on_train_end.
            if (epochs > initialEpoch)
            {
                Optimizer?.FinalizeVariableValues(TrainableWeights);
            }

            list.Each(c => c.OnTrainEnd(logs));
        }
        finally
        {
            IsTraining = false;
        }

        History = history;
        return history;
    }

    /// <summary>Runs one training step on one batch and returns the metric values (Keras's <c>train_on_batch</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <param name="resetMetrics">Reset the metrics first (default), so the values are this batch's.</param>
    /// <returns>Metric name to value.</returns>
    public IReadOnlyDictionary<string, double> TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null, bool resetMetrics = true)
    {
        if (!IsCompiled)
        {
            throw new InvalidOperationException("You must call `Compile()` before using the model.");
        }

        if (resetMetrics)
        {
            ResetMetrics();
        }

        return TrainStep(new DataBatch([x], [y], sampleWeight)) ?? GetMetricsResult();
    }

    private CallbackList MakeCallbacks(IEnumerable<Callback>? callbacks, History history, int verbose, int epochs, int steps)
    {
        var items = (callbacks ?? []).ToList();
        if (verbose != 0 && !items.Any(c => c is ProgbarLogger))
        {
            items.Insert(0, new ProgbarLogger());
        }

        items.Add(history);
        var parameters = new Dictionary<string, int> { ["epochs"] = epochs, ["steps"] = steps, ["verbose"] = verbose };
        return new CallbackList(items, this, parameters);
    }

    private static void DisposeBatch(DataBatch batch)
    {
        foreach (Tensor t in batch.Inputs.Concat(batch.Targets))
        {
            t.Dispose();
        }

        batch.SampleWeight?.Dispose();
    }

    private static Tensor ClassWeights(IReadOnlyList<Tensor> y, IReadOnlyDictionary<int, double> classWeight, Tensor? sampleWeight)
    {
        if (y.Count != 1)
        {
            throw new ArgumentException("`class_weight` is only supported for models with a single output.", nameof(classWeight));
        }

        Shape s = Ops.ShapeOf(y[0]);
        using Tensor indices = s.Rank > 1 && s[^1] > 1 ? Ops.ArgMax(y[0], -1) : Ops.Cast(Ops.Reshape(y[0], [-1]), DType.Int64);
        long[] classes = Ops.ToInt64Array(indices);
        var weights = classes.Select(c => (float)(classWeight.TryGetValue((int)c, out double w) ? w : 1.0)).ToArray();
        Tensor result = Ops.FromArray(weights, [weights.Length], Ops.DeviceOf(y[0]));
        if (sampleWeight is null)
        {
            return result;
        }

        using (result)
        {
            return Ops.Multiply(result, Ops.Cast(Ops.Reshape(sampleWeight, [-1]), DType.Float32));
        }
    }
}
