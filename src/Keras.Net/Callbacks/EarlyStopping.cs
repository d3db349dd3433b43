// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Callbacks;

/// <summary>
/// Stops training when <see cref="Monitor"/> has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs; optionally restores the weights of the best epoch (tf.keras 2.x logic).
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _maximize;
    private int _wait;
    private double _best;
    private IReadOnlyList<Tensor>? _bestWeights;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged quantity to watch.</param>
    /// <param name="minDelta">The least change that counts as an improvement.</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    /// <param name="verbose">1 prints when it stops.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    /// <param name="baseline">A value the quantity must beat to reset the patience.</param>
    /// <param name="restoreBestWeights">Restore the best epoch's weights when stopping.</param>
    /// <param name="startFromEpoch">Epochs to wait before watching.</param>
    /// <param name="writer">Where to print (default the console).</param>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0, string mode = "auto", double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0, TextWriter? writer = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Monitor = monitor;
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
        _maximize = MonitorMode.Maximize(mode, monitor);
        MinDelta = Math.Abs(minDelta) * (_maximize ? 1 : -1);
        Writer = writer ?? Console.Out;
    }

    /// <summary>The watched quantity.</summary>
    public string Monitor { get; }

    /// <summary>The signed minimum improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The verbosity.</summary>
    public int Verbose { get; }

    /// <summary>The baseline, if any.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best weights are restored.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs ignored at the start.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The epoch training stopped at (0 if it did not stop early).</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The best epoch so far.</summary>
    public int BestEpoch { get; private set; }

    private TextWriter Writer { get; }

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        DisposeBest();
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (!logs.TryGetValue(Monitor, out double current))
        {
            Writer.WriteLine($"Early stopping conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
            return;
        }

        if (epoch < StartFromEpoch)
        {
            return;
        }

        if (RestoreBestWeights && _bestWeights is null)
        {
            _bestWeights = Model!.GetWeights();
        }

        _wait++;
        if (IsImprovement(current, _best))
        {
            _best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                DisposeBest();
                _bestWeights = Model!.GetWeights();
            }

            if (Baseline is null || IsImprovement(current, Baseline.Value))
            {
                _wait = 0;
            }

            return;
        }

        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null)
            {
                if (Verbose > 0)
                {
                    Writer.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
                }

                Model.SetWeights(_bestWeights);
            }
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0)
        {
            Writer.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        }

        DisposeBest();
    }

    private bool IsImprovement(double value, double reference) =>
        _maximize ? value - MinDelta > reference : value - MinDelta < reference;

    private void DisposeBest()
    {
        if (_bestWeights is not null)
        {
            foreach (Tensor t in _bestWeights)
            {
                t.Dispose();
            }

            _bestWeights = null;
        }
    }
}
