// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Callbacks;

/// <summary>
/// Records every epoch's logs (Keras's <c>History</c>, returned by <c>Fit</c>): <c>history["loss"]</c> is the
/// list of epoch losses, <see cref="Epoch"/> the epoch numbers.
/// </summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<int> _epochs = [];

    /// <summary>The 0-based epochs recorded.</summary>
    public IReadOnlyList<int> Epoch => _epochs;

    /// <summary>Every metric's values per epoch, in the order they first appeared (Keras's <c>history.history</c>).</summary>
    public IReadOnlyDictionary<string, List<double>> Values => _values;

    /// <summary>One metric's values per epoch.</summary>
    /// <param name="key">The metric name (<c>loss</c>, <c>val_accuracy</c>, ...).</param>
    /// <returns>The values.</returns>
    /// <exception cref="KeyNotFoundException">No such metric was logged.</exception>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out List<double>? v)
        ? v
        : throw new KeyNotFoundException($"History has no metric '{key}'. Logged: {string.Join(", ", _values.Keys)}.");

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs) => _epochs.Clear();

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _epochs.Add(epoch);
        foreach (var (k, v) in logs)
        {
            if (!_values.TryGetValue(k, out List<double>? list))
            {
                _values[k] = list = [];
            }

            list.Add(v);
        }
    }
}
