// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Keras.Net.Saving.KerasV3;

/// <summary>
/// Reads the entries of a Keras 3 <c>.keras</c> zip safely: the entry count is read from the end record and capped
/// before the central directory is parsed; names with absolute paths, <c>..</c> or backslashes and duplicate names
/// are refused (Python takes the last duplicate, .NET the first: a file must not mean two things); every entry's
/// declared size is checked against the expansion-ratio bound before a byte is written; copies stop at the declared
/// size; and each entry's CRC-32 is verified (Python's zipfile does, System.IO.Compression does not).
/// </summary>
internal sealed class KerasArchive : IDisposable
{
    /// <summary>JSON entries above this size are refused.</summary>
    internal const long MaxJsonBytes = 64L << 20;

    /// <summary>The weights entry above this size is refused.</summary>
    internal const long MaxWeightsBytes = 16L << 30;

    /// <summary>Archives with more entries are refused (Keras writes three, plus assets).</summary>
    internal const long MaxEntries = 10_000;

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
        long entries = DeclaredEntryCount(path);
        if (entries > MaxEntries)
        {
            throw new KerasFormatException($"The archive declares {entries} entries, more than the {MaxEntries} a .keras file can have; refusing it.", null, path);
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new KerasFormatException($"Not a readable zip archive ({ErrorText.Describe(e)}).", null, path, e);
        }

        try
        {
            Validate(zip, path);
        }
        catch
        {
            zip.Dispose();
            throw;
        }

        return new KerasArchive(path, zip);
    }

    private static void Validate(ZipArchive zip, string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            string name = entry.FullName;
            if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(p => p == "..") || (name.Length > 1 && name[1] == ':'))
            {
                throw new KerasFormatException("The archive holds an entry with an absolute or escaping path; refusing to read it.", ErrorText.Clip(name), path);
            }

            if (!names.Add(name))
            {
                throw new KerasFormatException("The archive holds two entries with this name (zip readers disagree on which one counts); refusing it.", ErrorText.Clip(name), path);
            }

            if (entry.Length > SizeBound(entry))
            {
                throw new KerasFormatException($"The entry declares {entry.Length} bytes from {entry.CompressedLength} compressed, an expansion beyond {MaxRatio}x; refusing a possible zip bomb.", ErrorText.Clip(name), path);
            }
        }
    }

    /// <summary>The total entry count in the archive's end-of-central-directory record (zip64 included), read before .NET parses the directory.</summary>
    private static long DeclaredEntryCount(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        int tail = (int)Math.Min(file.Length, 22 + 65535 + 20);
        var buffer = new byte[tail];
        file.Seek(-tail, SeekOrigin.End);
        file.ReadExactly(buffer);
        for (int at = tail - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) != 0x06054b50)
            {
                continue;
            }

            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
            int locator = at - 20;
            if (locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(locator)) == 0x07064b50)
            {
                // Zip64: the count lives in the zip64 end record the locator points at.
                long record = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(locator + 8));
                if (record >= 0 && record + 56 <= file.Length)
                {
                    var z = new byte[56];
                    file.Seek(record, SeekOrigin.Begin);
                    file.ReadExactly(z);
                    ulong count64 = BinaryPrimitives.ReadUInt64LittleEndian(z.AsSpan(32));
                    count = count64 > long.MaxValue ? long.MaxValue : Math.Max(count, (long)count64);
                }
            }

            return count;
        }

        return 0;
    }

    /// <summary>The most bytes an entry may expand to: its declared size, within the expansion-ratio bound of its compressed size.</summary>
    private static long SizeBound(ZipArchiveEntry entry) =>
        entry.CompressedLength == entry.Length ? entry.Length : Math.Max(1L << 20, entry.CompressedLength * MaxRatio);

    /// <summary>The most bytes the named entry can hold (0 when absent): what loaders budget allocations by.</summary>
    internal long SizeBound(string name) => _zip.GetEntry(name) is { } e ? Math.Min(e.Length, SizeBound(e)) : 0;

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

        // Never more than the header declares (a bomb that lies about its size stops there), never a byte beyond the ratio.
        long allowed = Math.Min(entry.Length, SizeBound(entry));
        var crc = new Crc32();
        using Stream source = entry.Open();
        var chunk = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            total += n;
            if (total > allowed)
            {
                throw new KerasFormatException($"The entry expands beyond the {entry.Length} bytes its header declares (compressed {entry.CompressedLength}); refusing a corrupt entry or a zip bomb.", name, Path);
            }

            crc.Append(chunk.AsSpan(0, n));
            destination.Write(chunk, 0, n);
        }

        if (total != entry.Length)
        {
            throw new KerasFormatException($"The entry holds {total} bytes where its header declares {entry.Length}; the archive is truncated or corrupt.", name, Path);
        }

        if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
        {
            throw new KerasFormatException($"The entry's CRC-32 is {crc.GetCurrentHashAsUInt32():x8}, its header says {entry.Crc32:x8}: the archive is corrupt (a byte changed after it was written). Re-download or re-save it.", name, Path);
        }
    }

    public void Dispose() => _zip.Dispose();
}
