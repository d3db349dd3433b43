// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Callbacks;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when <see cref="Monitor"/> has not improved for
/// <see cref="Patience"/> epochs, then waits <see cref="Cooldown"/> epochs; never below <see cref="MinLr"/>.
/// Adds <c>lr</c> to the epoch logs.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly bool _maximize;
    private double _best;
    private int _wait;
    private int _cooldownCounter;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged quantity to watch.</param>
    /// <param name="factor">The factor (below 1).</param>
    /// <param name="patience">Epochs without improvement before reducing.</param>
    /// <param name="verbose">1 prints each reduction.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    /// <param name="minDelta">The least change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs to wait after a reduction.</param>
    /// <param name="minLr">The lowest learning rate.</param>
    /// <param name="writer">Where to print (default the console).</param>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0, string mode = "auto", double minDelta = 1e-4, int cooldown = 0, double minLr = 0, TextWriter? writer = null)
    {
        if (factor >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), $"ReduceLROnPlateau does not support a factor >= 1.0. Got {factor}");
        }

        Monitor = monitor;
        Factor = factor;
        Patience = patience;
        Verbose = verbose;
        MinDelta = minDelta;
        Cooldown = cooldown;
        MinLr = minLr;
        _maximize = MonitorMode.Maximize(mode, monitor);
        Writer = writer ?? Console.Out;
    }

    /// <summary>The watched quantity.</summary>
    public string Monitor { get; }

    /// <summary>The reduction factor.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }

    /// <summary>The verbosity.</summary>
    public int Verbose { get; }

    /// <summary>The least improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest learning rate.</summary>
    public double MinLr { get; }

    private TextWriter Writer { get; }

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var optimizer = Model!.Optimizer!;
        logs["lr"] = optimizer.LearningRate;
        if (!logs.TryGetValue(Monitor, out double current))
        {
            Writer.WriteLine($"Learning rate reduction is conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
            return;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _wait = 0;
        }

        bool improved = _maximize ? current > _best + MinDelta : current < _best - MinDelta;
        if (improved)
        {
            _best = current;
            _wait = 0;
        }
        else if (_cooldownCounter <= 0)
        {
            _wait++;
            if (_wait >= Patience)
            {
                double old = optimizer.LearningRate;
                if (old > MinLr)
                {
                    double lr = Math.Max(old * Factor, MinLr);
                    optimizer.LearningRate = lr;
                    if (Verbose > 0)
                    {
                        Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {lr}."));
                    }

                    _cooldownCounter = Cooldown;
                    _wait = 0;
                }
            }
        }
    }
}
