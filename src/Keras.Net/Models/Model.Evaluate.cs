// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;
using Keras.Net.Training;

namespace Keras.Net.Models;

/// <summary>Evaluation (Keras's <c>evaluate</c>, <c>test_on_batch</c>).</summary>
public partial class Model
{
    /// <summary>Computes the loss and metrics over data (Keras's <c>evaluate(..., return_dict=True)</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="verbose">0 silent, 1 progress bar.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>Metric name (<c>loss</c>, <c>accuracy</c>, ...) to value.</returns>
    public IReadOnlyDictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32, int verbose = 1, Tensor? sampleWeight = null, IEnumerable<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Evaluate([x], [y], batchSize, verbose, sampleWeight, callbacks);
    }

    /// <summary>Evaluates a model with several inputs or outputs.</summary>
    /// <param name="x">One tensor per input.</param>
    /// <param name="y">One tensor per output.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="verbose">0 or 1.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>Metric name to value.</returns>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, int verbose = 1, Tensor? sampleWeight = null, IEnumerable<Callback>? callbacks = null) =>
        Evaluate(new TensorDataset(x, y, sampleWeight, batchSize), verbose, callbacks);

    /// <summary>Evaluates on batches from a generator (Keras's <c>evaluate(generator, steps=...)</c>); each batch's tensors are disposed after use.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="steps">How many batches to take; null: the whole source.</param>
    /// <param name="verbose">0 or 1.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>Metric name to value.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(IEnumerable<DataBatch> data, int? steps = null, int verbose = 1, IEnumerable<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var source = new GeneratorDataset(data, steps);
        return Evaluate(source, verbose, callbacks);
    }

    /// <summary>Evaluates over a batch source.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="verbose">0 or 1.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>Metric name to value.</returns>
    public IReadOnlyDictionary<string, double> Evaluate(IDataset data, int verbose = 1, IEnumerable<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsCompiled)
        {
            throw new InvalidOperationException("You must call `Compile()` before using the model.");
        }

        var items = (callbacks ?? []).ToList();
        if (verbose != 0 && !items.Any(c => c is ProgbarLogger))
        {
            items.Insert(0, new ProgbarLogger());
        }

        var list = new CallbackList(items, this, new Dictionary<string, int> { ["steps"] = data.BatchCount ?? 0, ["verbose"] = verbose, ["epochs"] = 1 });
        return EvaluateCore(data, list);
    }

    /// <summary>Runs one evaluation step on one batch (Keras's <c>test_on_batch</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <returns>Metric name to value for this batch.</returns>
    public IReadOnlyDictionary<string, double> TestOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        if (!IsCompiled)
        {
            throw new InvalidOperationException("You must call `Compile()` before using the model.");
        }

        ResetMetrics();
        return TestStep(new DataBatch([x], [y], sampleWeight)) ?? GetMetricsResult();
    }

    /// <summary>The outputs for one batch (Keras's <c>predict_on_batch</c>).</summary>
    /// <param name="x">The batch.</param>
    /// <returns>The outputs; the caller owns the tensor.</returns>
    public Tensor PredictOnBatch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(x, batchSize: (int)Math.Max(1, Ops.ShapeOf(x)[0] ?? 1));
    }

    private Dictionary<string, double> EvaluateCore(IDataset data, CallbackList list)
    {
        // Validation inside Fit must not disturb the training metrics' epoch values: keep them aside.
        Dictionary<string, double>? training = IsTraining ? GetMetricsResult() : null;
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        ResetMetrics();
        list.Each(c => c.OnTestBegin(logs));
        int step = 0;
        IReadOnlyDictionary<string, double>? stepLogs = null;
        foreach (DataBatch batch in data.GetBatches(0))
        {
            try
            {
                stepLogs = TestStep(batch);
            }
            finally
            {
                if (data.OwnsBatches)
                {
                    DisposeBatch(batch);
                }
            }

            int current = step++;
            Dictionary<string, double> batchLogs = stepLogs is not null ? new(stepLogs, StringComparer.Ordinal) : list.NeedsBatchLogs ? GetMetricsResult() : [];
            list.Each(c => c.OnTestBatchEnd(current, batchLogs));
        }

        logs = stepLogs is not null ? new Dictionary<string, double>(stepLogs, StringComparer.Ordinal) : GetMetricsResult();
        list.Each(c => c.OnTestEnd(logs));
        if (training is not null)
        {
            ResetMetrics();
        }

        return logs;
    }
}
