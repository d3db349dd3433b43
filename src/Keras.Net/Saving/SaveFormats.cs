// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>The file formats, by name and by content.</summary>
internal enum SaveFormat
{
    Hdf5,
    Keras3,
    TensorFlow,
    Unknown,
}

/// <summary>Recognizes a file's format from its content (used by the built-in formats' detectors).</summary>
internal static class SaveFormats
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>Recognizes a file by its first bytes (HDF5 signature at 0, 512, 1024, ...; zip), or a folder.</summary>
    internal static SaveFormat Sniff(string path)
    {
        if (Directory.Exists(path))
        {
            return SaveFormat.TensorFlow;
        }

        using FileStream f = File.OpenRead(path);
        var head = new byte[8];
        for (long offset = 0; offset + 8 <= f.Length && offset <= 1 << 20; offset = offset == 0 ? 512 : offset * 2)
        {
            f.Position = offset;
            f.ReadExactly(head);
            if (head.AsSpan().SequenceEqual(Hdf5Signature))
            {
                return SaveFormat.Hdf5;
            }

            if (offset == 0 && head[0] == (byte)'P' && head[1] == (byte)'K')
            {
                return SaveFormat.Keras3;
            }
        }

        if (path.EndsWith(".index", StringComparison.Ordinal) || File.Exists(path + ".index"))
        {
            return SaveFormat.TensorFlow;
        }

        throw new KerasFormatException("Not a Keras model or weights file (no HDF5 signature, not a zip archive, not a SavedModel folder).", null, path);
    }
}
