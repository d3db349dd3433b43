// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Callbacks;

/// <summary>
/// Keras's <c>TensorBoard</c> callback: event files under <c>logDir/train</c> and <c>logDir/validation</c> that
/// TensorBoard reads (written with TorchSharp's <c>SummaryWriter</c>). Every epoch writes <c>epoch_&lt;metric&gt;</c>
/// scalars (validation metrics without their <c>val_</c> prefix, in the validation folder); with
/// <c>updateFreq</c> <c>"batch"</c> or a number of batches, <c>batch_&lt;metric&gt;</c> scalars by step too;
/// every <c>histogramFreq</c> epochs, a histogram of each weight (tagged by its name, <c>:</c> as <c>_</c>).
/// <c>writeGraph</c> writes the model's JSON config as the <c>keras</c> text summary (there is no
/// TensorFlow graph to draw).
/// </summary>
public sealed class TensorBoard : Callback
{
    private SummaryFileWriter? _train;
    private SummaryFileWriter? _validation;
    private long _step;

    /// <summary>Creates the callback.</summary>
    /// <param name="logDir">The folder TensorBoard is pointed at (<c>tensorboard --logdir logs</c>).</param>
    /// <param name="histogramFreq">Write weight histograms every this many epochs (0: never).</param>
    /// <param name="writeGraph">Write the model's config as the <c>keras</c> text summary.</param>
    /// <param name="updateFreq"><c>"epoch"</c>, <c>"batch"</c>, or a number of batches between batch-level scalars.</param>
    /// <exception cref="ArgumentException">A negative frequency, or an <paramref name="updateFreq"/> Keras does not accept.</exception>
    public TensorBoard(string logDir = "logs", int histogramFreq = 0, bool writeGraph = true, object? updateFreq = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDir);
        ArgumentOutOfRangeException.ThrowIfNegative(histogramFreq);
        LogDir = logDir;
        HistogramFreq = histogramFreq;
        WriteGraph = writeGraph;
        UpdateEvery = updateFreq switch
        {
            null or "epoch" => 0,
            "batch" => 1,
            int n when n > 0 => n,
            _ => throw new ArgumentException($"updateFreq must be \"epoch\", \"batch\" or a positive number of batches, not {updateFreq}.", nameof(updateFreq)),
        };
    }

    /// <summary>The log folder.</summary>
    public string LogDir { get; }

    /// <summary>Epochs between weight histograms (0: none).</summary>
    public int HistogramFreq { get; }

    /// <summary>Whether the model's config is written.</summary>
    public bool WriteGraph { get; }

    /// <summary>Batches between batch-level scalars (0: epoch level only).</summary>
    public int UpdateEvery { get; }

    /// <inheritdoc />
    protected internal override bool NeedsBatchLogs => UpdateEvery > 0;

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _train = new SummaryFileWriter(Path.Combine(LogDir, "train"));
        _validation = null;
        _step = 0;
        if (WriteGraph && Model is not null)
        {
            _train.Text("keras", Model.ToJson(), 0);
        }
    }

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _step++;
        if (UpdateEvery > 0 && _train is not null && _step % UpdateEvery == 0)
        {
            foreach (var (name, value) in logs)
            {
                _train.Scalar("batch_" + name, value, _step);
            }
        }
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (_train is null)
        {
            return;
        }

        foreach (var (name, value) in logs)
        {
            if (name.StartsWith("val_", StringComparison.Ordinal))
            {
                _validation ??= new SummaryFileWriter(Path.Combine(LogDir, "validation"));
                _validation.Scalar("epoch_" + name[4..], value, epoch);
            }
            else
            {
                _train.Scalar("epoch_" + name, value, epoch);
            }
        }

        if (HistogramFreq > 0 && epoch % HistogramFreq == 0 && Model is not null)
        {
            foreach (Variable w in Model.Weights)
            {
                _train.Histogram(w.Name.Replace(':', '_'), w.Value, epoch);
            }
        }
    }
}
