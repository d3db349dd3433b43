// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Callbacks;

/// <summary>Resolves Keras's <c>mode="auto"</c>: maximize metrics whose name contains <c>acc</c> (or starts with <c>fmeasure</c>), minimize the rest.</summary>
internal static class MonitorMode
{
    internal static bool Maximize(string mode, string monitor) => mode switch
    {
        "max" => true,
        "min" => false,
        "auto" => monitor.Contains("acc", StringComparison.Ordinal) || monitor.StartsWith("fmeasure", StringComparison.Ordinal)
            || monitor.Contains("auc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"Unknown mode: '{mode}'. Expected \"auto\", \"min\" or \"max\".", nameof(mode)),
    };
}
