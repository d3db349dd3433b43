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

/// <summary>Chooses a format from a file name and an explicit <c>save_format</c>, or recognizes one from content.</summary>
internal static class SaveFormats
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    internal static SaveFormat Resolve(string path, string? saveFormat)
    {
        if (saveFormat is not null)
        {
            return saveFormat.ToLowerInvariant() switch
            {
                "h5" or "hdf5" or "keras_h5" => SaveFormat.Hdf5,
                "tf" or "tensorflow" => SaveFormat.TensorFlow,
                "keras" => SaveFormat.Keras3,
                _ => throw new ArgumentException($"Unknown save format: '{saveFormat}'. Expected \"h5\", \"tf\" or \"keras\".", nameof(saveFormat)),
            };
        }

        string p = path.ToLowerInvariant();
        if (p.EndsWith(".weights.h5", StringComparison.Ordinal) || p.EndsWith(".keras", StringComparison.Ordinal))
        {
            return SaveFormat.Keras3;
        }

        return p.EndsWith(".h5", StringComparison.Ordinal) || p.EndsWith(".hdf5", StringComparison.Ordinal) ? SaveFormat.Hdf5 : SaveFormat.TensorFlow;
    }

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

    internal static NotSupportedException NotYet(string path, string? saveFormat) => new(
        $"Saving or loading '{path}'{(saveFormat is null ? string.Empty : $" (saveFormat \"{saveFormat}\")")} needs a format that is not implemented yet " +
        "(Keras 3 .keras archives and .weights.h5 files). Use a SavedModel folder (no suffix) or a .h5 file (tf.keras HDF5) for now.");
}
