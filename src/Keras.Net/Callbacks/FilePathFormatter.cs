// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.RegularExpressions;
using Keras.Net.Serialization;

namespace Keras.Net.Callbacks;

/// <summary>Python <c>str.format</c> for callback file paths: <c>{epoch:02d}</c>, <c>{val_loss:.2f}</c>, <c>{loss}</c>.</summary>
internal static partial class FilePathFormatter
{
    internal static string Format(string pattern, int epoch, IDictionary<string, double> logs) =>
        Placeholder().Replace(pattern, m =>
        {
            string key = m.Groups[1].Value;
            string spec = m.Groups[2].Value;
            if (key == "epoch")
            {
                return FormatInt(epoch, spec, pattern);
            }

            if (!logs.TryGetValue(key, out double v))
            {
                throw new KeyNotFoundException($"Failed to format this callback filepath: \"{pattern}\". Reason: '{key}' is not in the logs ({string.Join(", ", logs.Keys)}).");
            }

            return FormatDouble(v, spec, pattern);
        });

    private static string FormatInt(int value, string spec, string pattern)
    {
        if (spec.Length == 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        Match m = IntSpec().Match(spec);
        if (!m.Success)
        {
            throw new FormatException($"Unsupported format spec '{spec}' for epoch in \"{pattern}\".");
        }

        int width = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        string digits = value.ToString(CultureInfo.InvariantCulture);
        return m.Groups[1].Value == "0" ? digits.PadLeft(width, '0') : digits.PadLeft(width);
    }

    private static string FormatDouble(double value, string spec, string pattern)
    {
        if (spec.Length == 0)
        {
            return PythonJson.FormatDouble(value);
        }

        Match m = FloatSpec().Match(spec);
        if (!m.Success)
        {
            throw new FormatException($"Unsupported format spec '{spec}' in \"{pattern}\".");
        }

        int precision = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 6;
        return m.Groups[2].Value switch
        {
            "e" => value.ToString("0." + new string('0', precision) + "e+00", CultureInfo.InvariantCulture),
            "%" => (value * 100).ToString("F" + precision, CultureInfo.InvariantCulture) + "%",
            _ => value.ToString("F" + precision, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"\{(\w+)(?::([^}]*))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(0?)(\d*)d$")]
    private static partial Regex IntSpec();

    [GeneratedRegex(@"^(?:\.(\d+))?([fe%])$")]
    private static partial Regex FloatSpec();
}
