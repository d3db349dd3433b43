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
