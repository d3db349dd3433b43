// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>Writes a file through a temporary sibling renamed into place, so a failed save never damages the previous file.</summary>
internal static class AtomicFile
{
    internal static void Write(string path, Action<string> writeTo)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTo(temp);

            // Durable before visible: without the flush a crash soon after the rename can leave an empty file
            // where the previous good one was.
            using (var written = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                written.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
