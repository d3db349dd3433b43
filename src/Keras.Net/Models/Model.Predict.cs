// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Models;

/// <summary>Inference.</summary>
public partial class Model
{
    /// <summary>
    /// Computes the model's output for every sample of <paramref name="x"/>, <paramref name="batchSize"/>
    /// samples at a time, without recording gradients. Safe for concurrent callers: it reads the weights
    /// and keeps no per-call state on the model.
    /// </summary>
    /// <param name="x">The inputs, samples along the first axis.</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">1 prints a progress bar over the batches, 2 one line at the end, 0 (the default, unlike Keras's "auto": an inference service calls Predict per request) nothing.</param>
    /// <param name="callbacks">Callbacks told of the prediction and of each batch (logs: <c>batch</c> and <c>size</c>; the outputs are the return value).</param>
    /// <returns>The outputs; the caller owns the tensor.</returns>
    public Tensor Predict(Tensor x, int batchSize = 32, int verbose = 0, IEnumerable<Callbacks.Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        IReadOnlyList<Tensor> outputs = Predict([x], batchSize, verbose, callbacks);
        if (outputs.Count != 1)
        {
            foreach (Tensor t in outputs)
            {
                t.Dispose();
            }

            throw new InvalidOperationException($"Model \"{Name}\" has {outputs.Count} outputs; use the overload that returns a list.");
        }

        return outputs[0];
    }

    /// <summary>Computes the outputs of a multi-input or multi-output model, batch by batch.</summary>
    /// <param name="inputs">One tensor per model input, samples along the first axis.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="verbose">1: a progress bar over the batches; 2: one line at the end; 0: nothing.</param>
    /// <param name="callbacks">Callbacks told of the prediction and of each batch (logs: <c>batch</c> and <c>size</c>).</param>
    /// <returns>One tensor per model output; the caller owns them.</returns>
    /// <exception cref="ArgumentException">No inputs, scalars, inputs with different sample counts, or shapes the model's inputs do not accept.</exception>
    public IReadOnlyList<Tensor> Predict(IReadOnlyList<Tensor> inputs, int batchSize = 32, int verbose = 0, IEnumerable<Callbacks.Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("Predict needs at least one input tensor.", nameof(inputs));
        }

        if (inputs.FirstOrDefault(t => Ops.ShapeOf(t).Rank == 0) is { } scalar)
        {
            throw new ArgumentException($"Model \"{Name}\": Predict needs inputs with samples along the first axis; received a scalar. Wrap a single sample in a batch of one, e.g. shape [1, ...].", nameof(inputs));
        }

        long n = Ops.ShapeOf(inputs[0])[0] ?? 0;
        foreach (Tensor t in inputs)
        {
            if (Ops.ShapeOf(t).Rank == 0 || Ops.ShapeOf(t)[0] != n)
            {
                throw new ArgumentException($"Data cardinality is ambiguous: every input of model \"{Name}\" must have the same number of samples ({n}); received shapes {string.Join(", ", inputs.Select(Ops.ShapeOf))}.", nameof(inputs));
            }
        }

        using TensorScope scope = Ops.NewScope();
        using IDisposable noGrad = Ops.NoGrad();
        var perBatch = new List<IReadOnlyList<Tensor>>();
        int steps = (int)((n + batchSize - 1) / batchSize);
        var bar = verbose == 0 ? null : new Callbacks.Progbar(steps, Console.Out, verbose, interactive: !Console.IsOutputRedirected);
        var listeners = callbacks is null ? null : new Callbacks.CallbackList(callbacks.ToList(), this, new Dictionary<string, int> { ["steps"] = steps, ["verbose"] = verbose });
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        listeners?.Each(c => c.OnPredictBegin(logs));
        for (long start = 0; start < n; start += batchSize)
        {
            long len = Math.Min(batchSize, n - start);
            int index = (int)(start / batchSize);
            Tensor[] batch = inputs.Select(t => Ops.SliceRows(t, start, len)).ToArray();
            perBatch.Add(PredictStep(batch));
            bar?.Update(index + 1, [], finalize: start + len >= n);
            var batchLogs = new Dictionary<string, double>(StringComparer.Ordinal) { ["batch"] = index, ["size"] = len };
            listeners?.Each(c => c.OnPredictBatchEnd(index, batchLogs));
        }

        listeners?.Each(c => c.OnPredictEnd(logs));

        if (perBatch.Count == 0)
        {
            throw new ArgumentException($"Model \"{Name}\": Predict received no samples.", nameof(inputs));
        }

        int outputs = perBatch[0].Count;
        var result = new Tensor[outputs];
        for (int o = 0; o < outputs; o++)
        {
            result[o] = perBatch.Count == 1
                ? Ops.Copy(perBatch[0][o])
                : Ops.Concatenate(perBatch.Select(b => b[o]).ToArray(), 0);
        }

        scope.Keep(result);
        return result;
    }

    /// <summary>Computes the outputs for a rectangular array of samples (one row per sample).</summary>
    /// <param name="x">The samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <returns>The outputs; the caller owns the tensor.</returns>
    public Tensor Predict(float[,] x, int batchSize = 32)
    {
        using Tensor t = Ops.FromArray(x);
        return Predict(t, batchSize);
    }

    /// <summary>Computes the outputs for a jagged array of samples (rows of equal length).</summary>
    /// <param name="x">The samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <returns>The outputs; the caller owns the tensor.</returns>
    public Tensor Predict(float[][] x, int batchSize = 32)
    {
        using Tensor t = Ops.FromArray(x);
        return Predict(t, batchSize);
    }
}
