// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;

namespace Keras.Net.Callbacks;

/// <summary>
/// Hooks into <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> (Keras's <c>keras.callbacks.Callback</c>). Logs
/// are metric names to values (<c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, ...); epoch-end logs may be
/// added to (e.g. <c>lr</c>).
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained.</summary>
    public Model? Model { get; internal set; }

    /// <summary>The run's parameters: <c>epochs</c>, <c>steps</c>, <c>verbose</c>.</summary>
    public IReadOnlyDictionary<string, int> Params { get; internal set; } = new Dictionary<string, int>();

    /// <summary>
    /// Whether this callback reads per-batch logs. When no callback does, the training loop skips computing
    /// them (reading metric values synchronizes the device). By default, as Keras 3 decides it: true when the
    /// callback's class overrides a batch-end hook (<see cref="OnTrainBatchEnd"/>, <see cref="OnTestBatchEnd"/>,
    /// <see cref="OnPredictBatchEnd"/>), so keras.io's <c>LossHistory</c> gets <c>loss</c> without opting in.
    /// </summary>
    protected internal virtual bool NeedsBatchLogs => OverridesBatchEnd.GetOrAdd(GetType(), static type =>
        new[] { nameof(OnTrainBatchEnd), nameof(OnTestBatchEnd), nameof(OnPredictBatchEnd) }
            .Any(name => type.GetMethod(name, [typeof(int), typeof(IDictionary<string, double>)])?.DeclaringType != typeof(Callback)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> OverridesBatchEnd = new();

    /// <summary>Called when training starts.</summary>
    /// <param name="logs">Logs.</param>
    public virtual void OnTrainBegin(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called when training ends.</summary>
    /// <param name="logs">The last epoch's logs.</param>
    public virtual void OnTrainEnd(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the start of an epoch.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <param name="logs">Logs.</param>
    public virtual void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the end of an epoch, with training and validation results.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <param name="logs">The epoch's logs.</param>
    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called before a training batch.</summary>
    /// <param name="batch">The 0-based batch within the epoch.</param>
    /// <param name="logs">Logs.</param>
    public virtual void OnTrainBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called after a training batch, with the running epoch averages (when <see cref="NeedsBatchLogs"/>).</summary>
    /// <param name="batch">The 0-based batch.</param>
    /// <param name="logs">Logs.</param>
    public virtual void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called when evaluation starts.</summary>
    /// <param name="logs">Logs.</param>
    public virtual void OnTestBegin(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called when evaluation ends.</summary>
    /// <param name="logs">The evaluation results.</param>
    public virtual void OnTestEnd(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called after an evaluation batch.</summary>
    /// <param name="batch">The 0-based batch.</param>
    /// <param name="logs">Logs.</param>
    public virtual void OnTestBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called when prediction starts.</summary>
    /// <param name="logs">Logs.</param>
    public virtual void OnPredictBegin(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called when prediction ends.</summary>
    /// <param name="logs">Logs.</param>
    public virtual void OnPredictEnd(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called after a prediction batch.</summary>
    /// <param name="batch">The 0-based batch.</param>
    /// <param name="logs">Logs.</param>
    public virtual void OnPredictBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }
}
