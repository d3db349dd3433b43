// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Metrics;
using Keras.Net.Training;

namespace Keras.Net.Models;

/// <summary>One step of training, evaluation or prediction; override to customize (Keras's <c>train_step</c> etc.).</summary>
public partial class Model
{
    /// <summary>
    /// One training step: forward pass in training mode, loss (compiled losses, added losses and loss
    /// functions), gradients, optimizer update, metric updates. Override to customize training (keras.io's
    /// "Customizing what happens in fit()"): use <see cref="ComputeLoss(IReadOnlyList{Tensor}?, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, Tensor?)"/>,
    /// <see cref="ComputeMetrics"/> or <see cref="Metrics"/>, and <see cref="Optimizer"/>, and return the logs.
    /// </summary>
    /// <param name="data">The batch.</param>
    /// <returns>
    /// The logs after this step, as Keras's <c>train_step</c> returns them (progress bar, callbacks, history); null (the
    /// default step) to have them read from <see cref="Metrics"/> only when something asks for them, which saves a
    /// device synchronization per step.
    /// </returns>
    protected virtual IReadOnlyDictionary<string, double>? TrainStep(DataBatch data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using TensorScope scope = Ops.NewScope();
        using CallContext context = CallContext.Begin();
        IReadOnlyList<Tensor> predictions = Invoke(data.Inputs, null, training: true, out _);
        Tensor loss = ComputeLoss(data.Targets, predictions, data.SampleWeight);
        IReadOnlyList<Variable> variables = TrainableWeights;
        IReadOnlyList<Tensor> gradients = Ops.Gradients(loss, variables.Select(v => v.Value).ToArray());
        Optimizer!.ApplyGradients(gradients, variables);
        UpdateMetrics(data.Targets, predictions, data.SampleWeight, loss, data.Size);
        return null;
    }

    /// <summary>One evaluation step: forward pass in inference mode, loss and metric updates.</summary>
    /// <param name="data">The batch.</param>
    /// <returns>The logs after this step, or null (the default) to read them from <see cref="Metrics"/>.</returns>
    protected virtual IReadOnlyDictionary<string, double>? TestStep(DataBatch data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using TensorScope scope = Ops.NewScope();
        using IDisposable noGrad = Ops.NoGrad();
        using CallContext context = CallContext.Begin();
        IReadOnlyList<Tensor> predictions = Invoke(data.Inputs, null, training: false, out _);
        Tensor loss = ComputeLoss(data.Targets, predictions, data.SampleWeight);
        UpdateMetrics(data.Targets, predictions, data.SampleWeight, loss, data.Size);
        return null;
    }

    /// <summary>One prediction step: the outputs for a batch of inputs in inference mode.</summary>
    /// <param name="inputs">One tensor per model input.</param>
    /// <returns>One tensor per output.</returns>
    protected virtual IReadOnlyList<Tensor> PredictStep(IReadOnlyList<Tensor> inputs) => Invoke(inputs, null, training: false, out _);

    /// <summary>
    /// The total loss of a batch: each output's compiled loss times its weight, plus losses added during
    /// the forward pass with <c>AddLoss</c>, plus every layer's loss functions. Updates the per-output trackers.
    /// </summary>
    /// <param name="targets">One tensor per output.</param>
    /// <param name="predictions">The forward pass's outputs.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="InvalidOperationException">There is no loss at all.</exception>
    protected Tensor ComputeLoss(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> predictions, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        Tensor? total = null;
        for (int o = 0; o < _losses.Count && o < predictions.Count; o++)
        {
            if (_losses[o] is not { } loss)
            {
                continue;
            }

            if (o >= targets.Count)
            {
                throw new ArgumentException($"Model \"{Name}\" has a loss for output {o} but no target was given for it.");
            }

            Tensor value = loss.Compute(targets[o], predictions[o], sampleWeight);
            if (_outputLossTrackers.Count > o)
            {
                _outputLossTrackers[o].UpdateState(value);
            }

            Tensor weighted = _lossWeights[o] == 1.0 ? value : Ops.Multiply(value, _lossWeights[o]);
            total = total is null ? weighted : Ops.Add(total, weighted);
        }

        IEnumerable<Tensor> extra = (CallContext.Current?.Losses ?? []).Concat(CollectLossFunctions().Select(f => f()));
        foreach (Tensor l in extra)
        {
            Tensor scalar = Ops.ShapeOf(l).Rank == 0 ? l : Ops.Sum(l);
            total = total is null ? scalar : Ops.Add(total, scalar);
        }

        return total ?? throw new InvalidOperationException(
            "No loss found. You may have forgotten to provide a `loss` argument in the `Compile()` method.");
    }

    /// <summary>Keras 3's <c>compute_loss(x, y, y_pred, sample_weight)</c>: the total loss of a batch (see the other overload).</summary>
    /// <param name="x">The batch's inputs (unused by the default loss; there for overrides, as in Keras).</param>
    /// <param name="y">One target tensor per output.</param>
    /// <param name="yPred">The forward pass's outputs.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="InvalidOperationException">There is no loss at all.</exception>
    protected Tensor ComputeLoss(IReadOnlyList<Tensor>? x, IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> yPred, Tensor? sampleWeight = null) =>
        ComputeLoss(y, yPred, sampleWeight);

    /// <summary>
    /// Keras 3's <c>compute_metrics(x, y, y_pred, sample_weight)</c>: updates the compiled metrics and those added with
    /// <c>AddMetric</c> (not the loss tracker) and returns every metric's current value (<see cref="GetMetricsResult"/>).
    /// </summary>
    /// <param name="x">The batch's inputs (unused; there for overrides, as in Keras).</param>
    /// <param name="y">One target tensor per output.</param>
    /// <param name="yPred">The outputs.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <returns>Metric name to value.</returns>
    protected Dictionary<string, double> ComputeMetrics(IReadOnlyList<Tensor>? x, IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(yPred);
        UpdateCompiledMetrics(y, yPred, sampleWeight);
        return GetMetricsResult();
    }

    /// <summary>Updates the loss tracker (weighted by batch size), the compiled metrics and metrics added with <c>AddMetric</c>.</summary>
    /// <param name="targets">One tensor per output.</param>
    /// <param name="predictions">The outputs.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <param name="loss">The batch's total loss.</param>
    /// <param name="batchSize">The number of samples.</param>
    protected void UpdateMetrics(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> predictions, Tensor? sampleWeight, Tensor loss, long batchSize)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        using (IDisposable noGrad = Ops.NoGrad())
        {
            _lossTracker.UpdateState(loss, (double)batchSize);
        }

        UpdateCompiledMetrics(targets, predictions, sampleWeight);
    }

    /// <summary>What <see cref="CompileMetrics"/> forwards to.</summary>
    internal void UpdateCompiledMetricsFor(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> predictions, Tensor? sampleWeight) =>
        UpdateCompiledMetrics(targets, predictions, sampleWeight);

    private void UpdateCompiledMetrics(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> predictions, Tensor? sampleWeight)
    {
        BuildCompiledMetrics(targets, predictions);
        using (IDisposable noGrad = Ops.NoGrad())
        {
            for (int o = 0; o < _compiledMetrics!.Count && o < targets.Count; o++)
            {
                foreach (Metric m in _compiledMetrics[o])
                {
                    m.UpdateState(targets[o], predictions[o], sampleWeight);
                }
            }

            foreach (var (name, value) in CallContext.Current?.Metrics ?? [])
            {
                if (!_addedMetrics.TryGetValue(name, out Mean? mean))
                {
                    _addedMetrics[name] = mean = new Mean(name);
                }

                mean.UpdateState(value);
            }
        }
    }

    /// <summary>The current value of every metric, by name.</summary>
    /// <returns>Name to value, in <see cref="Metrics"/> order.</returns>
    public Dictionary<string, double> GetMetricsResult()
    {
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Metric m in Metrics)
        {
            if (m is not CompileMetrics)
            {
                logs[m.Name] = m.ResultValue();
            }
        }

        return logs;
    }
}
