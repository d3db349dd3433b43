// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net;

/// <summary>
/// Text that goes into exception messages from outside: clipped (a file may hold a 10 MB class name) and free of
/// libtorch's C++ stack frames.
/// </summary>
internal static class ErrorText
{
    /// <summary>Untrusted text in a message is cut to this many characters.</summary>
    internal const int MaxLength = 300;

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, saying how much was left out.</summary>
    internal static string Clip(string? text, int max = MaxLength)
    {
        if (text is null)
        {
            return string.Empty;
        }

        return text.Length <= max ? text : $"{text[..max]}... ({text.Length - max} more characters)";
    }

    /// <summary>An exception's message without native frames (libtorch appends "Exception raised from ... frame #0 ..."), clipped.</summary>
    internal static string Describe(Exception e)
    {
        string message = e.Message;
        int native = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        if (native >= 0)
        {
            message = message[..native];
        }

        return Clip(message.Trim(), 600);
    }
}
