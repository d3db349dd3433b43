// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Runtime.InteropServices;

namespace Keras.Net;

/// <summary>
/// The only place saves make files visible: temporary names that carry the writing process's id, renames into
/// place, an atomic swap of whole folders, and the cleanup of temporaries a killed save left behind.
/// </summary>
/// <remarks>
/// Temporaries are siblings named <c>.{target}.{pid}.{random}.tmp</c> (or <c>.tmp.old</c> for a folder being
/// replaced), so a later save can tell a dead writer's leftovers (its process is gone) from a live one's.
/// </remarks>
internal static partial class FileCommit
{
    private const uint RenameExchange = 2;

    /// <summary>Called with the destination before every rename (the kill tests stop the process there).</summary>
    internal static Action<string>? BeforeRename { get; set; }

    /// <summary>A fresh temporary sibling of <paramref name="target"/> (not created).</summary>
    internal static string TempSibling(string target, string suffix = ".tmp")
    {
        string full = Path.GetFullPath(target);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}{suffix}");
    }

    /// <summary>Renames a finished file over <paramref name="to"/> (atomic on POSIX file systems).</summary>
    internal static void MoveFile(string from, string to)
    {
        BeforeRename?.Invoke(to);
        File.Move(from, to, overwrite: true);
    }

    /// <summary>
    /// Puts the finished folder <paramref name="from"/> at <paramref name="to"/>. On Linux an existing folder is swapped
    /// with <c>renameat2(RENAME_EXCHANGE)</c>, so <paramref name="to"/> always names a complete folder; elsewhere the
    /// old folder is renamed aside first and <see cref="RecoverFolder"/> puts it back if the process dies in between.
    /// </summary>
    internal static void ReplaceFolder(string from, string to)
    {
        to = Path.GetFullPath(to);
        BeforeRename?.Invoke(to);
        if (!Directory.Exists(to))
        {
            Directory.Move(from, to);
            return;
        }

        if (OperatingSystem.IsLinux() && TryExchange(from, to))
        {
            Directory.Delete(from, recursive: true);
            return;
        }

        string old = TempSibling(to, ".tmp.old");
        Directory.Move(to, old);
        BeforeRename?.Invoke(to);
        Directory.Move(from, to);
        Directory.Delete(old, recursive: true);
    }

    /// <summary>
    /// After a save that died between renaming the old folder aside and moving the new one in: puts the newest
    /// <c>.tmp.old</c> sibling back at <paramref name="folder"/>. Returns whether it did.
    /// </summary>
    internal static bool RecoverFolder(string folder)
    {
        string full = Path.GetFullPath(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (Directory.Exists(full) || Path.GetDirectoryName(full) is not { } parent || !Directory.Exists(parent))
        {
            return false;
        }

        var aside = new DirectoryInfo(parent).GetDirectories($".{Path.GetFileName(full)}.*.tmp.old")
            .Where(d => !IsLive(d.Name)).OrderByDescending(d => d.LastWriteTimeUtc).FirstOrDefault();
        if (aside is null)
        {
            return false;
        }

        try
        {
            Directory.Move(aside.FullName, full);
            return true;
        }
        catch (IOException)
        {
            return Directory.Exists(full);
        }
    }

    /// <summary>Deletes the temporaries of earlier saves of <paramref name="target"/> whose writing process is gone.</summary>
    internal static void SweepStale(string target)
    {
        string full = Path.GetFullPath(target);
        string? parent = Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent))
        {
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(parent, $".{Path.GetFileName(full)}.*.tmp*"))
        {
            if (IsLive(Path.GetFileName(entry)))
            {
                continue;
            }

            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's file, or already gone: leave it.
            }
        }
    }

    /// <summary>Whether the process that named a temporary (<c>.{target}.{pid}.{random}.tmp</c>) still runs.</summary>
    private static bool IsLive(string name)
    {
        string[] parts = name.Split('.');
        int tmp = Array.LastIndexOf(parts, "tmp");
        if (tmp < 2 || !int.TryParse(parts[tmp - 2], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return true;
        }

        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryExchange(string a, string b)
    {
        try
        {
            return RenameAt2(-100, a, -100, b, RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
