// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keras.Net.Serialization;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps</c> does with default options (how Keras writes every
/// config): <c>", "</c> and <c>": "</c> separators, ASCII only with <c>\uXXXX</c> escapes, floats in Python's
/// <c>repr</c> (<c>1.0</c>, <c>1e-07</c>), bare <c>NaN</c>/<c>Infinity</c>.
/// </summary>
public static class PythonJson
{
    /// <summary>Serializes a node.</summary>
    /// <param name="node">The node (null writes <c>null</c>).</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>Parses JSON text as Keras writes it (bare <c>NaN</c>/<c>Infinity</c> accepted).</summary>
    /// <param name="json">The text.</param>
    /// <param name="file">The file, for error messages.</param>
    /// <returns>The node.</returns>
    /// <exception cref="KerasFormatException">The text is not valid JSON.</exception>
    public static JsonNode Parse(string json, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            string text = ReplaceBareSpecials(json);
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 512 })
                ?? throw new KerasFormatException("The JSON document is empty.", "$", file);
        }
        catch (JsonException e)
        {
            throw new KerasFormatException($"Invalid JSON: {e.Message}", e.Path ?? "$", file, e);
        }
    }

    /// <summary>Python's <c>repr</c> of a float: the shortest text that reads back as the same double.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int exponent) = Decompose(shortest);
        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }

        if (exponent is >= -4 and < 16)
        {
            if (exponent >= 0)
            {
                string intPart = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                string frac = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                sb.Append(intPart).Append('.').Append(frac);
            }
            else
            {
                sb.Append("0.").Append('0', -exponent - 1).Append(digits);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static (string Digits, int Exponent) Decompose(string s)
    {
        int e = 0;
        int ePos = s.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            e = int.Parse(s[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..ePos];
        }

        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? s[..dot] : s;
        string fracPart = dot >= 0 ? s[(dot + 1)..] : string.Empty;
        string all = intPart + fracPart;
        int pointPos = intPart.Length + e;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        all = all[lead..];
        pointPos -= lead;
        string digits = all.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return (digits, pointPos - 1);
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    WriteString(sb, key);
                    sb.Append(": ");
                    Write(sb, value);
                }

                sb.Append('}');
                break;
            case JsonArray arr:
                sb.Append('[');
                for (int i = 0; i < arr.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, arr[i]);
                }

                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    WriteString(sb, element.GetString()!);
                    return;
                case JsonValueKind.True:
                    sb.Append("true");
                    return;
                case JsonValueKind.False:
                    sb.Append("false");
                    return;
                case JsonValueKind.Null:
                    sb.Append("null");
                    return;
                case JsonValueKind.Number:
                    string raw = element.GetRawText();
                    sb.Append(raw.IndexOfAny(['.', 'e', 'E']) >= 0 ? FormatDouble(element.GetDouble()) : raw);
                    return;
            }
        }

        switch (value.GetValue<object>())
        {
            case string s:
                WriteString(sb, s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(FormatDouble(d));
                break;
            case float f:
                sb.Append(FormatDouble(f));
                break;
            case int or long or short or byte or uint or ulong:
                sb.Append(Convert.ToString(value.GetValue<object>(), CultureInfo.InvariantCulture));
                break;
            default:
                WriteString(sb, value.ToJsonString());
                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    // Python writes NaN/Infinity bare; System.Text.Json does not read them, so quote them as strings
    // the config readers understand. Only tokens outside strings are touched.
    private static string ReplaceBareSpecials(string json)
    {
        if (!json.Contains("NaN", StringComparison.Ordinal) && !json.Contains("Infinity", StringComparison.Ordinal))
        {
            return json;
        }

        var sb = new StringBuilder(json.Length + 16);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    sb.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                sb.Append(c);
            }
            else if (string.CompareOrdinal(json, i, "NaN", 0, 3) == 0)
            {
                sb.Append("\"NaN\"");
                i += 2;
            }
            else if (string.CompareOrdinal(json, i, "-Infinity", 0, 9) == 0)
            {
                sb.Append("\"-Infinity\"");
                i += 8;
            }
            else if (string.CompareOrdinal(json, i, "Infinity", 0, 8) == 0)
            {
                sb.Append("\"Infinity\"");
                i += 7;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
