// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Keras.Net.Callbacks;

/// <summary>
/// Keras's progress bar (<c>keras.utils.Progbar</c>): <c>4/4 [==============================] - 1s 7ms/step - loss: 2.9296</c>.
/// On an interactive console the line is redrawn in place; otherwise (redirected output, CI) verbose 1
/// prints the final line once. Verbose 2 prints <c>4/4 - 1s - loss: 2.9296 - 30ms/epoch - 7ms/step</c>.
/// </summary>
public sealed class Progbar
{
    private readonly TextWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _dynamic;
    private int _previousWidth;
    private double _lastUpdate = double.NegativeInfinity;

    /// <summary>Creates a bar.</summary>
    /// <param name="target">Total steps (null when unknown).</param>
    /// <param name="writer">Where to print.</param>
    /// <param name="verbose">1 (bar) or 2 (one line at the end).</param>
    /// <param name="interactive">Redraw in place (a terminal).</param>
    /// <param name="unitName">The unit (<c>step</c>).</param>
    public Progbar(int? target, TextWriter writer, int verbose = 1, bool interactive = false, string unitName = "step")
    {
        ArgumentNullException.ThrowIfNull(writer);
        Target = target;
        _writer = writer;
        Verbose = verbose;
        _dynamic = interactive;
        UnitName = unitName;
    }

    /// <summary>Total steps, if known.</summary>
    public int? Target { get; }

    /// <summary>The verbosity.</summary>
    public int Verbose { get; }

    /// <summary>The unit name.</summary>
    public string UnitName { get; }

    /// <summary>Bar width in characters.</summary>
    public int Width { get; init; } = 30;

    /// <summary>Shows progress.</summary>
    /// <param name="current">Steps done.</param>
    /// <param name="values">Metric values to show (already averaged).</param>
    /// <param name="finalize">Whether this is the last update.</param>
    public void Update(int current, IEnumerable<KeyValuePair<string, double>> values, bool finalize = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        double now = _clock.Elapsed.TotalSeconds;
        string metrics = string.Concat(values.Select(kv => $" - {kv.Key}: {Format(kv.Value)}"));
        double perUnit = current > 0 ? now / current : 0;
        if (Verbose == 1)
        {
            if (!finalize && (!_dynamic || now - _lastUpdate < 0.05))
            {
                return;
            }

            _lastUpdate = now;
            var line = new StringBuilder(Bar(current));
            if (Target is null || finalize)
            {
                line.Append(CultureInfo.InvariantCulture, $" - {now:F0}s").Append(FormatTime(perUnit, UnitName));
            }
            else
            {
                line.Append(" - ETA: ").Append(Eta(perUnit * (Target.Value - current)));
            }

            line.Append(metrics);
            Write(line.ToString(), finalize);
        }
        else if (Verbose == 2 && finalize)
        {
            string count = Target is int t ? $"{current.ToString(CultureInfo.InvariantCulture).PadLeft(Digits(t))}/{t}" : $"{current}";
            string line = $"{count} - {now.ToString("F0", CultureInfo.InvariantCulture)}s{metrics} -{FormatTime(now, "epoch")} -{FormatTime(perUnit, UnitName)}";
            _writer.WriteLine(line);
        }
    }

    /// <summary>Keras's value format: 4 decimals, scientific below 1e-3, and Python's <c>inf</c>, <c>-inf</c>, <c>nan</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : Math.Abs(value) > 1e-3 ? value.ToString("F4", CultureInfo.InvariantCulture)
        : value.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private string Bar(int current)
    {
        if (Target is not int target)
        {
            return $"{current,7}/Unknown";
        }

        var sb = new StringBuilder();
        sb.Append(current.ToString(CultureInfo.InvariantCulture).PadLeft(Digits(target))).Append('/').Append(target).Append(" [");
        double progress = (double)current / target;
        int filled = (int)(Width * progress);
        if (filled > 0)
        {
            sb.Append('=', filled - 1);
            sb.Append(current < target ? '>' : '=');
        }

        sb.Append('.', Math.Max(0, Width - filled));
        sb.Append(']');
        return sb.ToString();
    }

    private void Write(string line, bool finalize)
    {
        if (_dynamic)
        {
            string padded = line.Length < _previousWidth ? line + new string(' ', _previousWidth - line.Length) : line;
            _writer.Write("\r" + padded);
            _previousWidth = line.Length;
            if (finalize)
            {
                _writer.WriteLine();
            }
        }
        else
        {
            _writer.WriteLine(line);
        }

        _writer.Flush();
    }

    private static int Digits(int target) => (int)Math.Floor(Math.Log10(Math.Max(1, target))) + 1;

    private static string FormatTime(double perUnit, string unit) => perUnit >= 1 || perUnit == 0
        ? string.Create(CultureInfo.InvariantCulture, $" {perUnit:F0}s/{unit}")
        : perUnit >= 1e-3
            ? string.Create(CultureInfo.InvariantCulture, $" {perUnit * 1e3:F0}ms/{unit}")
            : string.Create(CultureInfo.InvariantCulture, $" {perUnit * 1e6:F0}us/{unit}");

    private static string Eta(double seconds)
    {
        int s = (int)seconds;
        return s > 3600 ? $"{s / 3600}:{s % 3600 / 60:00}:{s % 60:00}" : s > 60 ? $"{s / 60}:{s % 60:00}" : $"{s}s";
    }
}
