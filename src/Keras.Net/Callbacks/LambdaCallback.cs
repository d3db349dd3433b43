// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Callbacks;

/// <summary>A callback made of delegates (Keras's <c>LambdaCallback</c>).</summary>
public sealed class LambdaCallback : Callback
{
    /// <summary>Called at each epoch start.</summary>
    public Action<int, IDictionary<string, double>>? OnEpochBeginAction { get; init; }

    /// <summary>Called at each epoch end.</summary>
    public Action<int, IDictionary<string, double>>? OnEpochEndAction { get; init; }

    /// <summary>Called before each training batch.</summary>
    public Action<int, IDictionary<string, double>>? OnBatchBeginAction { get; init; }

    /// <summary>Called after each training batch (with batch logs).</summary>
    public Action<int, IDictionary<string, double>>? OnBatchEndAction { get; init; }

    /// <summary>Called when training starts.</summary>
    public Action<IDictionary<string, double>>? OnTrainBeginAction { get; init; }

    /// <summary>Called when training ends.</summary>
    public Action<IDictionary<string, double>>? OnTrainEndAction { get; init; }

    /// <inheritdoc />
    protected internal override bool NeedsBatchLogs => OnBatchEndAction is not null;

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => OnEpochBeginAction?.Invoke(epoch, logs);

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => OnEpochEndAction?.Invoke(epoch, logs);

    /// <inheritdoc />
    public override void OnTrainBatchBegin(int batch, IDictionary<string, double> logs) => OnBatchBeginAction?.Invoke(batch, logs);

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs) => OnBatchEndAction?.Invoke(batch, logs);

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs) => OnTrainBeginAction?.Invoke(logs);

    /// <inheritdoc />
    public override void OnTrainEnd(IDictionary<string, double> logs) => OnTrainEndAction?.Invoke(logs);
}
