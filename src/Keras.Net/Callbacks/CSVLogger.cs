// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Callbacks;

/// <summary>
/// Streams epoch results to a CSV file: a header <c>epoch,&lt;sorted metric names&gt;</c>, then one row per
/// epoch. With <paramref name="append"/>, rows are added to an existing file without a second header.
/// </summary>
/// <param name="filename">The file.</param>
/// <param name="separator">The field separator.</param>
/// <param name="append">Append instead of overwrite.</param>
public sealed class CSVLogger(string filename, string separator = ",", bool append = false) : Callback
{
    private StreamWriter? _file;
    private string[]? _keys;
    private bool _headerWritten;

    /// <summary>The file.</summary>
    public string Filename { get; } = filename ?? throw new ArgumentNullException(nameof(filename));

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _headerWritten = append && File.Exists(Filename) && new FileInfo(Filename).Length > 0;
        _file = new StreamWriter(Filename, append) { NewLine = "\r\n" };
        _keys = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (_file is null)
        {
            return;
        }

        _keys ??= logs.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (!_headerWritten)
        {
            _file.WriteLine(string.Join(separator, _keys.Prepend("epoch")));
            _headerWritten = true;
        }

        var fields = _keys.Select(k => logs.TryGetValue(k, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA");
        _file.WriteLine(string.Join(separator, fields.Prepend(epoch.ToString(CultureInfo.InvariantCulture))));
        _file.Flush();
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        _file?.Dispose();
        _file = null;
    }
}
