// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;

namespace Keras.Net.Saving.KerasV3;

/// <summary>
/// Reads the entries of a Keras 3 <c>.keras</c> zip safely: names with absolute paths, <c>..</c> or backslashes are
/// refused, entries are copied with a byte budget that does not trust the sizes in the headers, and the expansion
/// ratio of compressed entries is bounded (zip bombs).
/// </summary>
internal sealed class KerasArchive : IDisposable
{
    /// <summary>JSON entries above this size are refused.</summary>
    internal const long MaxJsonBytes = 64L << 20;

    /// <summary>The weights entry above this size is refused.</summary>
    internal const long MaxWeightsBytes = 16L << 30;

    private const long MaxRatio = 200;

    private readonly ZipArchive _zip;

    private KerasArchive(string path, ZipArchive zip)
    {
        Path = path;
        _zip = zip;
    }

    internal string Path { get; }

    internal static KerasArchive Open(string path)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new KerasFormatException($"Not a readable zip archive ({e.Message}).", null, path, e);
        }

        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            string name = entry.FullName;
            if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(p => p == "..") || (name.Length > 1 && name[1] == ':'))
            {
                zip.Dispose();
                throw new KerasFormatException("The archive holds an entry with an absolute or escaping path; refusing to read it.", name, path);
            }
        }

        return new KerasArchive(path, zip);
    }

    internal bool Has(string name) => _zip.GetEntry(name) is not null;

    internal IEnumerable<string> Names => _zip.Entries.Select(e => e.FullName);

    /// <summary>An entry's bytes, refused above <paramref name="limit"/> whatever its header claims.</summary>
    internal byte[] Read(string name, long limit)
    {
        using var buffer = new MemoryStream();
        CopyTo(name, buffer, limit);
        return buffer.ToArray();
    }

    /// <summary>Copies an entry into <paramref name="destination"/>, refusing more than <paramref name="limit"/> bytes or a zip-bomb ratio.</summary>
    internal void CopyTo(string name, Stream destination, long limit)
    {
        ZipArchiveEntry entry = _zip.GetEntry(name) ?? throw new KerasFormatException($"The archive has no '{name}' entry; it is not a Keras 3 .keras file.", name, Path);
        if (entry.Length > limit)
        {
            throw new KerasFormatException($"The entry claims {entry.Length} bytes, above the {limit}-byte limit.", name, Path);
        }

        long ratioLimit = entry.CompressedLength == 0 ? limit : Math.Min(limit, Math.Max(1L << 20, entry.CompressedLength * MaxRatio));
        using Stream source = entry.Open();
        var chunk = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            total += n;
            if (total > ratioLimit)
            {
                throw new KerasFormatException($"The entry expands beyond {ratioLimit} bytes (its header says {entry.Length}, compressed {entry.CompressedLength}); refusing a possible zip bomb.", name, Path);
            }

            destination.Write(chunk, 0, n);
        }
    }

    public void Dispose() => _zip.Dispose();
}
