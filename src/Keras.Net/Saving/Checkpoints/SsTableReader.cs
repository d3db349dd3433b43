// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using Keras.Net.Serialization;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// Reads every entry of a LevelDB-format table (a bundle's <c>.index</c>, formats.md 3.2): footer, index block,
/// data blocks (uncompressed or Snappy), each block's masked CRC32C checked. Sizes come from the file and are
/// bounded by it before anything is allocated.
/// </summary>
internal static class SsTableReader
{
    /// <summary>Tables larger than this are refused (TensorFlow's indexes are kilobytes to a few megabytes).</summary>
    private const long MaxIndexBytes = 1L << 30;

    internal static List<KeyValuePair<byte[], byte[]>> ReadAll(string path)
    {
        byte[] file;
        long length = new FileInfo(path).Length;
        if (length < 48)
        {
            throw new KerasFormatException($"The index is {length} bytes, shorter than the 48-byte table footer; it is truncated or not a TensorFlow checkpoint index.", "footer", path);
        }

        if (length > MaxIndexBytes)
        {
            throw new KerasFormatException($"The index is {length} bytes; refusing to read an index above {MaxIndexBytes} bytes.", null, path);
        }

        file = File.ReadAllBytes(path);
        ReadOnlySpan<byte> footer = file.AsSpan(file.Length - 48);
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[40..]) != SsTableWriter.Magic)
        {
            throw new KerasFormatException("Bad magic number in the table footer; the file is truncated or not a TensorFlow checkpoint index.", "footer", path);
        }

        int at = 0;
        _ = ReadHandle(footer, ref at, path, "footer");
        var (indexOffset, indexSize) = ReadHandle(footer, ref at, path, "footer");
        byte[] indexBlock = ReadBlock(file, indexOffset, indexSize, path, "index block");
        var result = new List<KeyValuePair<byte[], byte[]>>();
        foreach (var (_, handleBytes) in Entries(indexBlock, path, "index block"))
        {
            int h = 0;
            var (offset, size) = ReadHandle(handleBytes, ref h, path, "index block");
            string where = $"data block at {offset}";
            result.AddRange(Entries(ReadBlock(file, offset, size, path, where), path, where)
                .Select(e => new KeyValuePair<byte[], byte[]>(e.Key, e.Value)));
        }

        return result;
    }

    private static (long Offset, long Size) ReadHandle(ReadOnlySpan<byte> data, ref int at, string path, string where)
    {
        ulong offset = ReadVarint(data, ref at, path, where);
        ulong size = ReadVarint(data, ref at, path, where);
        return ((long)Math.Min(offset, long.MaxValue), (long)Math.Min(size, long.MaxValue));
    }

    private static byte[] ReadBlock(byte[] file, long offset, long size, string path, string where)
    {
        if (offset < 0 || size < 0 || offset > file.Length - 48 || size + 5 > file.Length - 48 - offset)
        {
            throw new KerasFormatException($"The {where} (offset {offset}, {size} bytes) lies outside the file; it is truncated or corrupt.", where, path);
        }

        ReadOnlySpan<byte> block = file.AsSpan((int)offset, (int)size);
        byte type = file[offset + size];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)(offset + size + 1)));
        uint actual = Crc32C.Extend(Crc32C.Compute(block), file.AsSpan((int)(offset + size), 1));
        if (Crc32C.Unmask(stored) != actual)
        {
            throw new KerasFormatException("Checksum mismatch (CRC32C) in the table; the index file is corrupt.", where, path);
        }

        return type switch
        {
            0 => block.ToArray(),
            1 => Decompress(block, path, where),
            _ => throw new KerasFormatException($"Unknown block compression type {type}.", where, path),
        };
    }

    private static byte[] Decompress(ReadOnlySpan<byte> block, string path, string where)
    {
        try
        {
            int length = Snappier.Snappy.GetUncompressedLength(block);
            if (length < 0 || length > MaxIndexBytes)
            {
                throw new KerasFormatException($"A Snappy block claims {length} bytes.", where, path);
            }

            var output = new byte[length];
            int written = Snappier.Snappy.Decompress(block, output);
            return written == length ? output : throw new KerasFormatException("A Snappy block decompressed to the wrong length.", where, path);
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw new KerasFormatException($"A Snappy-compressed block cannot be decompressed ({e.Message}).", where, path, e);
        }
    }

    /// <summary>The entries of one block, keys reassembled from their shared prefixes.</summary>
    private static List<KeyValuePair<byte[], byte[]>> Entries(byte[] block, string path, string where)
    {
        if (block.Length < 4)
        {
            throw new KerasFormatException("A table block is shorter than its restart count.", where, path);
        }

        uint restarts = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(block.Length - 4));
        long limit = block.Length - 4 - (4L * restarts);
        if (restarts == 0 || limit < 0)
        {
            throw new KerasFormatException($"A table block has an invalid restart count {restarts}.", where, path);
        }

        var entries = new List<KeyValuePair<byte[], byte[]>>();
        byte[] last = [];
        int at = 0;
        while (at < limit)
        {
            ulong shared = ReadVarint(block, ref at, path, where);
            ulong own = ReadVarint(block, ref at, path, where);
            ulong valueLength = ReadVarint(block, ref at, path, where);
            if (shared > (ulong)last.Length || own > (ulong)(limit - at) || valueLength > (ulong)(limit - at) - own)
            {
                throw new KerasFormatException("A table entry's key or value runs past its block; the index is corrupt.", where, path);
            }

            var key = new byte[(int)shared + (int)own];
            last.AsSpan(0, (int)shared).CopyTo(key);
            block.AsSpan(at, (int)own).CopyTo(key.AsSpan((int)shared));
            at += (int)own;
            byte[] value = block.AsSpan(at, (int)valueLength).ToArray();
            at += (int)valueLength;
            entries.Add(new(key, value));
            last = key;
        }

        return entries;
    }

    internal static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at, string path, string where)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= data.Length)
            {
                throw new KerasFormatException("A varint runs past the end of its data; the file is truncated or corrupt.", where, path);
            }

            byte b = data[at++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new KerasFormatException("A varint is longer than 10 bytes; the file is corrupt.", where, path);
    }
}
