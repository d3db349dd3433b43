// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net;

/// <summary>
/// The one exception for bad input read from outside: a config or file that is malformed, truncated,
/// names an unknown class, or holds something that cannot run here. The message names the file (when
/// there is one), the path inside it and what to do; text taken from the file is clipped. See docs/errors.md.
/// </summary>
public sealed class KerasFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="path">Where inside the file or config (a JSON path such as <c>$.config.layers[2]</c>, or an HDF5 path).</param>
    /// <param name="file">The file, when there is one.</param>
    /// <param name="inner">The underlying error.</param>
    public KerasFormatException(string message, string? path = null, string? file = null, Exception? inner = null)
        : base(Compose(message, path, file), inner)
    {
        Path = path;
        File = file;
        Detail = ErrorText.Clip(message, 1200);
    }

    /// <summary>Creates the exception.</summary>
    public KerasFormatException()
        : this("Invalid Keras data.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public KerasFormatException(string message)
        : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying error.</param>
    public KerasFormatException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>The message without the file and path prefix.</summary>
    public string Detail { get; } = string.Empty;

    /// <summary>The path inside the file or config, if known.</summary>
    public string? Path { get; }

    /// <summary>The file, if any.</summary>
    public string? File { get; }

    private static string Compose(string message, string? path, string? file)
    {
        // Files choose names, keys and values: a message never echoes more than a bounded amount of them.
        message = ErrorText.Clip(message, 1200);
        path = path is null ? null : ErrorText.Clip(path, 300);
        file = file is null ? null : ErrorText.Clip(file, 400);
        string where = (file, path) switch
        {
            (not null, not null) => $"{file} at {path}: ",
            (not null, null) => $"{file}: ",
            (null, not null) => $"At {path}: ",
            _ => string.Empty,
        };
        return where + message;
    }
}
