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

    /// <summary>Stored (uncompressed) entries whose data can be read in place: name to (data offset, length, CRC-32).</summary>
    private readonly Dictionary<string, (long Offset, long Length, uint Crc)> _stored;

    private KerasArchive(string path, ZipArchive zip, Dictionary<string, (long Offset, long Length, uint Crc)> stored)
    {
        Path = path;
        _zip = zip;
        _stored = stored;
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
            return new KerasArchive(path, zip, StoredEntries(path, zip));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read-only stream over a stored entry's bytes in the archive itself (no copy), after its CRC-32 has been
    /// verified; null when the entry is compressed or the archive is zip64 (copy it out with <see cref="CopyTo"/>).
    /// </summary>
    internal Stream? OpenStored(string name)
    {
        if (!_stored.TryGetValue(name, out var span))
        {
            return null;
        }

        var window = new WindowStream(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess), span.Offset, span.Length);
        try
        {
            var crc = new Crc32();
            var chunk = new byte[1 << 20];
            int n;
            while ((n = window.Read(chunk)) > 0)
            {
                crc.Append(chunk.AsSpan(0, n));
            }

            if (window.Position != span.Length || crc.GetCurrentHashAsUInt32() != span.Crc)
            {
                throw new KerasFormatException($"The entry's CRC-32 is {crc.GetCurrentHashAsUInt32():x8}, its header says {span.Crc:x8}: the archive is corrupt (a byte changed after it was written). Re-download or re-save it.", name, Path);
            }

            window.Position = 0;
            return window;
        }
        catch
        {
            window.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The stored entries of the central directory whose local header agrees with it and whose data lies inside the
    /// file. Only 32-bit archives: anything zip64 or odd is left to the copying path.
    /// </summary>
    private static Dictionary<string, (long Offset, long Length, uint Crc)> StoredEntries(string path, ZipArchive zip)
    {
        var result = new Dictionary<string, (long, long, uint)>(StringComparer.Ordinal);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        if (EndRecord(file) is not { } end || end.DirectoryBytes > 16 << 20 || end.DirectoryOffset + end.DirectoryBytes > file.Length)
        {
            return result;
        }

        var dir = new byte[end.DirectoryBytes];
        RandomAccess.Read(file.SafeFileHandle, dir, end.DirectoryOffset);
        var local = new byte[30];
        for (int at = 0; at + 46 <= dir.Length && BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(at)) == 0x02014b50;)
        {
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(dir.AsSpan(at + 10));
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(at + 16));
            uint packed = BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(at + 20));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(at + 24));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(dir.AsSpan(at + 28));
            int extra = BinaryPrimitives.ReadUInt16LittleEndian(dir.AsSpan(at + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(dir.AsSpan(at + 32));
            uint header = BinaryPrimitives.ReadUInt32LittleEndian(dir.AsSpan(at + 42));
            if (at + 46 + nameLength > dir.Length)
            {
                break;
            }

            string name = System.Text.Encoding.UTF8.GetString(dir, at + 46, nameLength);
            at += 46 + nameLength + extra;
            if (method != 0 || packed != size || size == uint.MaxValue || header == uint.MaxValue || header + 30L > file.Length
                || zip.GetEntry(name) is not { } entry || entry.Length != size || entry.Crc32 != crc)
            {
                continue;
            }

            RandomAccess.Read(file.SafeFileHandle, local, header);
            long data = header + 30L + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
            if (BinaryPrimitives.ReadUInt32LittleEndian(local) == 0x04034b50 && data + size <= file.Length)
            {
                result[name] = (data, size, crc);
            }
        }

        return result;
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
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        return EndRecord(file)?.Entries ?? 0;
    }

    /// <summary>The end-of-central-directory record: entry count (the zip64 record's when there is one), directory size and offset.</summary>
    private static (long Entries, long DirectoryBytes, long DirectoryOffset)? EndRecord(FileStream file)
    {
        int tail = (int)Math.Min(file.Length, 22 + 65535 + 20);
        var buffer = new byte[tail];
        RandomAccess.Read(file.SafeFileHandle, buffer, file.Length - tail);
        for (int at = tail - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) != 0x06054b50)
            {
                continue;
            }

            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
            long bytes = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 12));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 16));
            int locator = at - 20;
            if (locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(locator)) == 0x07064b50)
            {
                // Zip64: the count lives in the zip64 end record the locator points at; sizes there are not used.
                long record = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(locator + 8));
                var z = new byte[56];
                if (record >= 0 && record + 56 <= file.Length && RandomAccess.Read(file.SafeFileHandle, z, record) == 56)
                {
                    ulong count64 = BinaryPrimitives.ReadUInt64LittleEndian(z.AsSpan(32));
                    count = count64 > long.MaxValue ? long.MaxValue : Math.Max(count, (long)count64);
                }

                return (count, long.MaxValue, long.MaxValue);
            }

            return (count, bytes, offset);
        }

        return null;
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
