// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net;

/// <summary>
/// TorchSharp's native library cannot be loaded on this machine: thrown by Keras.Net's first call (creating a layer
/// or a model, loading one, opening an <see cref="Ops.NewScope"/>). The message names the file, the dynamic loader's
/// reason (for example <c>version `GLIBCXX_3.4.32' not found</c>) and what to do.
/// </summary>
public sealed class NativeLibraryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The native library that failed to load.</param>
    /// <param name="reason">The dynamic loader's message.</param>
    /// <param name="remedy">What to do.</param>
    /// <param name="inner">The underlying error.</param>
    public NativeLibraryException(string file, string reason, string remedy, Exception? inner = null)
        : base($"TorchSharp's native library {file} cannot be loaded: {reason}. {remedy}", inner)
    {
        File = file;
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public NativeLibraryException()
        : this("libLibTorchSharp.so", "unknown", "See docs/errors.md.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public NativeLibraryException(string message)
        : base(message)
    {
        File = string.Empty;
        Reason = message;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying error.</param>
    public NativeLibraryException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Reason = message;
    }

    /// <summary>The native library that failed to load.</summary>
    public string File { get; }

    /// <summary>The dynamic loader's message.</summary>
    public string Reason { get; }
}
