// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>
/// The exception contract at the doors where files come in (docs/errors.md): whatever a reader, PureHDF, the zip
/// reader, System.Text.Json or libtorch throws while reading a file leaves as a <see cref="KerasFormatException"/>
/// naming the file and wrapping the original; real IO failures (disk, permissions) stay <see cref="IOException"/>.
/// </summary>
internal static class FormatGuard
{
    /// <param name="file">The file being read (for the message).</param>
    /// <param name="read">The reading.</param>
    /// <param name="callerMistake">Exceptions that are the caller's mistake, not the file's (an argument refused by the format): passed through.</param>
    internal static T Run<T>(string file, Func<T> read, Func<Exception, bool>? callerMistake = null)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsForeign(e) && callerMistake?.Invoke(e) != true)
        {
            throw Wrap(e, file);
        }
    }

    internal static void Run(string file, Action read) => Run<bool>(file, () =>
    {
        read();
        return true;
    });

    /// <summary>
    /// Runs a save so that an IO failure (a full disk, a file-size limit, permissions) arrives as the
    /// <see cref="IOException"/> it is, not wrapped by reflection (PureHDF) or tasks.
    /// </summary>
    internal static void Save(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is System.Reflection.TargetInvocationException or AggregateException && Innermost(e) is IOException io)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(io);
        }
        catch (Exception e) when (IsFileTooLarge(Innermost(e)))
        {
            // .NET reports EFBIG (a file-size limit: ulimit -f, FAT32's 4 GiB) as an ArgumentOutOfRangeException.
            throw new IOException($"Saving failed: a file grew past the file system's or the process's size limit ({Innermost(e).Message}). The previous file is untouched.", Innermost(e));
        }
    }

    private static bool IsFileTooLarge(Exception e) =>
        e is ArgumentOutOfRangeException && e.TargetSite?.DeclaringType == typeof(RandomAccess);

    private static Exception Innermost(Exception e)
    {
        while (e is System.Reflection.TargetInvocationException or AggregateException && e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    /// <summary>A failure reading <paramref name="file"/> as the contract's exception.</summary>
    internal static KerasFormatException Wrap(Exception e, string file) =>
        new($"The file is corrupt or not what it claims to be ({e.GetType().Name}: {ErrorText.Describe(e)}). Re-save it with Keras or Keras.Net, or check that it was copied whole.", null, file, e);

    /// <summary>
    /// Everything but the contract's own types. A missing file inside a model folder or a short read is the file's
    /// fault, so those are wrapped too; the caller checked that the top-level path exists before reading.
    /// </summary>
    private static bool IsForeign(Exception e) => e switch
    {
        KerasFormatException or OperationCanceledException => false,
        EndOfStreamException or FileNotFoundException or DirectoryNotFoundException => true,
        IOException or UnauthorizedAccessException => false,
        _ => true,
    };
}
