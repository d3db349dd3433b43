// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net;

/// <summary>
/// Writes a file through a temporary sibling that is flushed to disk and renamed into place, so a failed or killed
/// save never damages the previous file; the temporaries of earlier killed saves are deleted after a save succeeds.
/// </summary>
internal static class AtomicFile
{
    internal static void Write(string path, Action<string> writeTo)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
        string temp = FileCommit.TempSibling(full);
        try
        {
            writeTo(temp);

            // Durable before visible: without the flush a crash soon after the rename can leave an empty file
            // where the previous good one was.
            using (var written = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                written.Flush(flushToDisk: true);
            }

            FileCommit.MoveFile(temp, full);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        FileCommit.SweepStale(full);
    }
}
