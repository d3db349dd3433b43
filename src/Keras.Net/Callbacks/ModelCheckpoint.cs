// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Callbacks;

/// <summary>
/// Saves the model (or only its weights) at the end of every epoch, optionally only when
/// <see cref="Monitor"/> improves. The file path may hold Python format fields: <c>{epoch:02d}</c> (1-based)
/// and any logged value (<c>{val_loss:.2f}</c>). The format follows the file name (<c>.h5</c>: HDF5).
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly bool _maximize;
    private readonly TextWriter _writer;
    private double _best;

    /// <summary>Creates the callback.</summary>
    /// <param name="filepath">The file path pattern.</param>
    /// <param name="monitor">The logged quantity for <paramref name="saveBestOnly"/>.</param>
    /// <param name="verbose">1 prints each save.</param>
    /// <param name="saveBestOnly">Save only when the monitored quantity improves.</param>
    /// <param name="saveWeightsOnly">Save only the weights.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    /// <param name="initialValueThreshold">The value to beat for the first save.</param>
    /// <param name="writer">Where to print (default the console).</param>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false, string mode = "auto", double? initialValueThreshold = null, TextWriter? writer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        Filepath = filepath;
        Monitor = monitor;
        Verbose = verbose;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        _maximize = MonitorMode.Maximize(mode, monitor);
        _best = initialValueThreshold ?? (_maximize ? double.NegativeInfinity : double.PositiveInfinity);
        _writer = writer ?? Console.Out;
    }

    /// <summary>The file path pattern.</summary>
    public string Filepath { get; }

    /// <summary>The watched quantity.</summary>
    public string Monitor { get; }

    /// <summary>The verbosity.</summary>
    public int Verbose { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only weights are saved.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>The best value seen.</summary>
    public double Best => _best;

    /// <summary>The files written, in order.</summary>
    public IReadOnlyList<string> Saved => _saved;

    private readonly List<string> _saved = [];

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        string path = FilePathFormatter.Format(Filepath, epoch + 1, logs);
        if (SaveBestOnly)
        {
            if (!logs.TryGetValue(Monitor, out double current))
            {
                _writer.WriteLine($"Can save best model only with {Monitor} available, skipping.");
                return;
            }

            bool improved = _maximize ? current > _best : current < _best;
            if (!improved)
            {
                if (Verbose > 0)
                {
                    _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nEpoch {epoch + 1}: {Monitor} did not improve from {_best:F5}"));
                }

                return;
            }

            if (Verbose > 0)
            {
                _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nEpoch {epoch + 1}: {Monitor} improved from {_best:F5} to {current:F5}, saving model to {path}"));
            }

            _best = current;
        }
        else if (Verbose > 0)
        {
            _writer.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
        }

        if (SaveWeightsOnly)
        {
            Model!.SaveWeights(path);
        }
        else
        {
            Model!.Save(path);
        }

        _saved.Add(path);
    }
}
