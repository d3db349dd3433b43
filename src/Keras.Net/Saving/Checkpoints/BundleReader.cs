// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// Reads a TensorBundle V2 (formats.md 3.2-3.5): the index is parsed and validated up front; tensor bytes are read
/// on demand from the data shards, bounded by the shard sizes and checked against their CRC32C.
/// </summary>
internal sealed class BundleReader : IDisposable
{
    private readonly Dictionary<string, BundleEntryProto> _entries;
    private readonly SafeFileHandle?[] _shards;
    private readonly long[] _shardLengths;

    private BundleReader(string prefix, Dictionary<string, BundleEntryProto> entries, int shards)
    {
        Prefix = prefix;
        _entries = entries;
        _shards = new SafeFileHandle?[shards];
        _shardLengths = new long[shards];
    }

    /// <summary>The checkpoint prefix (without <c>.index</c>).</summary>
    internal string Prefix { get; }

    internal string IndexFile => Prefix + ".index";

    /// <summary>Every key except the header, in bytewise order.</summary>
    internal IReadOnlyCollection<string> Keys => _entries.Keys;

    internal static BundleReader Open(string prefix)
    {
        string index = prefix + ".index";
        if (!File.Exists(index))
        {
            throw new FileNotFoundException($"No checkpoint index at {index} (a checkpoint is a prefix P with files P.index and P.data-*).", index);
        }

        var entries = new Dictionary<string, BundleEntryProto>(StringComparer.Ordinal);
        BundleHeaderProto? header = null;
        foreach (var (key, value) in SsTableReader.ReadAll(index))
        {
            string name = Encoding.UTF8.GetString(key);
            try
            {
                if (key.Length == 0)
                {
                    header = BundleHeaderProto.Parser.ParseFrom(value);
                }
                else
                {
                    entries[name] = BundleEntryProto.Parser.ParseFrom(value);
                }
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new KerasFormatException($"The index entry cannot be decoded ({e.Message}).", key.Length == 0 ? "(header)" : name, index, e);
            }
        }

        if (header is null)
        {
            throw new KerasFormatException("The index has no header entry (empty key); it is not a TensorBundle.", "(header)", index);
        }

        if (header.Endianness != BundleHeaderProto.Types.Endianness.Little)
        {
            throw new KerasFormatException("The checkpoint was written big-endian; only little-endian bundles are supported.", "(header)", index);
        }

        if (header.NumShards < 1 || header.NumShards > 100_000)
        {
            throw new KerasFormatException($"The header claims {header.NumShards} data shards.", "(header)", index);
        }

        foreach (var (name, entry) in entries)
        {
            if (entry.ShardId < 0 || entry.ShardId >= header.NumShards || entry.Offset < 0 || entry.Size < 0)
            {
                throw new KerasFormatException($"The entry points outside the bundle (shard {entry.ShardId} of {header.NumShards}, offset {entry.Offset}, {entry.Size} bytes).", name, index);
            }
        }

        return new BundleReader(prefix, entries, header.NumShards);
    }

    internal bool Contains(string key) => _entries.ContainsKey(key);

    internal BundleEntryProto Entry(string key) =>
        _entries.TryGetValue(key, out BundleEntryProto? e) ? e : throw new KeyNotFoundException($"Key {key} not found in checkpoint {Prefix}.");

    /// <summary>The element type of an entry (null when Keras.Net has no equivalent).</summary>
    internal DType? DTypeOf(string key) => TfDataTypes.ToDType(Entry(key).Dtype) ?? TfDataTypes.Widened(Entry(key).Dtype)?.Read;

    internal long[] ShapeOf(string key)
    {
        BundleEntryProto e = Entry(key);
        if (e.Shape is null || e.Shape.UnknownRank || e.Shape.Dim.Any(d => d.Size < 0))
        {
            throw new KerasFormatException("The entry has no fully known shape.", key, IndexFile);
        }

        return e.Shape.Dim.Select(d => d.Size).ToArray();
    }

    /// <summary>Reads a numeric entry into a new CPU tensor of its own dtype.</summary>
    internal Tensor ReadTensor(string key, bool longLived = false)
    {
        if (TfDataTypes.Widened(Entry(key).Dtype) is { } widened)
        {
            return ReadWidened(key, widened.StoredBytes, widened.Read);
        }

        var (dtype, shape) = NumericEntry(key);
        _ = CheckedSize(key, Entry(key)); // bounded by the data file before anything is allocated
        Tensor result = Ops.Empty(shape, dtype, Device.Cpu);
        try
        {
            Ops.FillBytesInPlace(result, bytes => ReadChecked(key, bytes), longLived);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>An unsigned entry (checked like any other) as a tensor of the wider signed dtype.</summary>
    private Tensor ReadWidened(string key, int storedBytes, DType read)
    {
        BundleEntryProto e = Entry(key);
        long[] shape = ShapeOf(key);
        long count = ElementCount(key, shape);
        if (count * storedBytes != e.Size)
        {
            throw new KerasFormatException($"The entry's size is {e.Size} bytes but its shape {Shape.Of(shape)} of {TfDataTypes.Name(e.Dtype)} needs {count * storedBytes}.", key, IndexFile);
        }

        byte[] raw = new byte[CheckedSize(key, e)];
        ReadChecked(key, raw);
        Array values = storedBytes switch
        {
            2 => Enumerable.Range(0, (int)count).Select(i => (int)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2))).ToArray(),
            4 => Enumerable.Range(0, (int)count).Select(i => (long)BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(i * 4))).ToArray(),
            _ => Enumerable.Range(0, (int)count).Select(i => unchecked((long)BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * 8)))).ToArray(),
        };
        return Ops.FromTypedArray(values, shape);
    }

    /// <summary>Reads a numeric entry straight into <paramref name="target"/> (same shape; converted when the dtype differs).</summary>
    internal void ReadInto(string key, Tensor target, DType targetDType)
    {
        var (dtype, _) = NumericEntry(key);
        if (dtype.Equals(targetDType))
        {
            Ops.FillBytesInPlace(target, bytes => ReadChecked(key, bytes));
            return;
        }

        using Tensor staged = ReadTensor(key);
        Ops.AssignInPlace(target, staged);
    }

    /// <summary>Reads a string entry: one byte array per element.</summary>
    internal byte[][] ReadStrings(string key)
    {
        BundleEntryProto e = Entry(key);
        if (e.Dtype != DataType.DtString)
        {
            throw new KerasFormatException($"The entry is {TfDataTypes.Name(e.Dtype)}, not DT_STRING.", key, IndexFile);
        }

        long count = ElementCount(key, ShapeOf(key));
        int size = CheckedSize(key, e);
        if (count > size)
        {
            throw new KerasFormatException($"The entry claims {count} strings in {size} bytes.", key, IndexFile);
        }

        byte[] raw = new byte[size];
        ReadRaw(key, e, raw);
        int at = 0;
        var lengths = new long[count];
        uint crc = 0;
        Span<byte> scratch = stackalloc byte[8];
        for (long i = 0; i < count; i++)
        {
            ulong length = SsTableReader.ReadVarint(raw, ref at, IndexFile, key);
            if (length > (ulong)raw.Length)
            {
                throw new KerasFormatException($"String element {i} claims {length} bytes in a {raw.Length}-byte entry.", key, IndexFile);
            }

            lengths[i] = (long)length;
            crc = BundleWriter.ExtendWithLength(crc, (long)length, scratch);
        }

        if (at + 4 > raw.Length || Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(at))) != crc)
        {
            throw new KerasFormatException("Checksum mismatch (CRC32C) in the string lengths; the data file is corrupt.", key, DataFileOf(e));
        }

        uint entryCrc = Crc32C.Extend(crc, raw.AsSpan(at, 4));
        at += 4;
        var result = new byte[count][];
        for (long i = 0; i < count; i++)
        {
            if (lengths[i] > raw.Length - at)
            {
                throw new KerasFormatException($"String element {i} runs past the entry; the data file is truncated or corrupt.", key, DataFileOf(e));
            }

            result[i] = raw.AsSpan(at, (int)lengths[i]).ToArray();
            entryCrc = Crc32C.Extend(entryCrc, result[i]);
            at += (int)lengths[i];
        }

        // The entry's CRC covers the lengths as fixed-width integers, the stored length checksum and the bytes.
        if (Crc32C.Unmask(e.Crc32C) != entryCrc)
        {
            throw new KerasFormatException("Checksum mismatch (CRC32C); the data file is corrupt.", key, DataFileOf(e));
        }

        return result;
    }

    public void Dispose()
    {
        foreach (SafeFileHandle? h in _shards)
        {
            h?.Dispose();
        }
    }

    private (DType DType, long[] Shape) NumericEntry(string key)
    {
        BundleEntryProto e = Entry(key);
        if (e.Slices.Count > 0)
        {
            throw new KerasFormatException("The entry is a partitioned variable (tensor slices), which is not supported.", key, IndexFile);
        }

        DType dtype = TfDataTypes.ToDType(e.Dtype) ?? throw new KerasFormatException($"Unsupported element type {TfDataTypes.Name(e.Dtype)}.", key, IndexFile);
        if (dtype.Equals(DType.String))
        {
            throw new KerasFormatException("The entry holds strings; read it with GetStrings.", key, IndexFile);
        }

        long[] shape = ShapeOf(key);
        long expected = checked(ElementCount(key, shape) * TfDataTypes.ElementSize(dtype));
        if (expected != e.Size)
        {
            throw new KerasFormatException($"The entry's size is {e.Size} bytes but its shape {Shape.Of(shape)} of {TfDataTypes.Name(e.Dtype)} needs {expected}.", key, IndexFile);
        }

        return (dtype, shape);
    }

    private long ElementCount(string key, long[] shape)
    {
        long n = 1;
        foreach (long d in shape)
        {
            if (d > 0 && n > long.MaxValue / d)
            {
                throw new KerasFormatException($"The entry's shape {Shape.Of(shape)} overflows.", key, IndexFile);
            }

            n *= d;
        }

        return n;
    }

    private int CheckedSize(string key, BundleEntryProto e)
    {
        long length = ShardLength(e.ShardId, key);
        if (e.Offset > length || e.Size > length - e.Offset)
        {
            throw new KerasFormatException($"The entry (offset {e.Offset}, {e.Size} bytes) lies past the end of {Path.GetFileName(DataFileOf(e))} ({length} bytes); the data file is truncated.", key, DataFileOf(e));
        }

        return e.Size <= int.MaxValue ? (int)e.Size : throw new KerasFormatException($"The entry is {e.Size} bytes; tensors above 2 GiB are not supported.", key, DataFileOf(e));
    }

    /// <summary>Chunks read from the data file while the checksum of the previous chunk runs on another core.</summary>
    private const int ChunkBytes = 8 << 20;

    /// <summary>Reads a numeric entry's bytes through a small buffer and checks its CRC32C, keeping nothing (restores verify everything before they assign anything).</summary>
    internal void Verify(string key)
    {
        BundleEntryProto e = Entry(key);
        if (e.Dtype == DataType.DtString)
        {
            _ = ReadStrings(key);
            return;
        }

        int size = CheckedSize(key, e);
        byte[] buffer = new byte[Math.Min(size, ChunkBytes)];
        uint crc = 0;
        for (int at = 0; at < size; at += buffer.Length)
        {
            Span<byte> chunk = buffer.AsSpan(0, Math.Min(buffer.Length, size - at));
            ReadRaw(key, e, chunk, e.Offset + at);
            crc = Crc32C.Extend(crc, chunk);
        }

        if (Crc32C.Unmask(e.Crc32C) != crc)
        {
            throw new KerasFormatException("Checksum mismatch (CRC32C); the data file is corrupt. Nothing was restored.", key, DataFileOf(e));
        }
    }

    private void ReadChecked(string key, Memory<byte> destination)
    {
        BundleEntryProto e = Entry(key);
        if (destination.Length != CheckedSize(key, e))
        {
            throw new KerasFormatException($"The entry holds {e.Size} bytes but the destination needs {destination.Length}.", key, IndexFile);
        }

        Task<uint> crc = Task.FromResult(0u);
        Task touched = Task.CompletedTask;
        for (int at = 0; at < destination.Length; at += ChunkBytes)
        {
            Memory<byte> chunk = destination.Slice(at, Math.Min(ChunkBytes, destination.Length - at));

            // Fresh storage is faulted in by the kernel on first write; touch the next chunk's pages on another core
            // while this one is read.
            touched.GetAwaiter().GetResult();
            int next = at + ChunkBytes;
            touched = next < destination.Length ? Task.Run(() => Touch(destination.Slice(next, Math.Min(ChunkBytes, destination.Length - next)))) : Task.CompletedTask;
            ReadRaw(key, e, chunk.Span, e.Offset + at);
            Task<uint> previous = crc;
            crc = chunk.Length < ChunkBytes && at == 0
                ? Task.FromResult(Crc32C.Compute(chunk.Span))
                : previous.ContinueWith(p => Crc32C.Extend(p.Result, chunk.Span), TaskScheduler.Default);
        }

        if (Crc32C.Unmask(e.Crc32C) != crc.GetAwaiter().GetResult())
        {
            throw new KerasFormatException("Checksum mismatch (CRC32C); the data file is corrupt.", key, DataFileOf(e));
        }
    }

    /// <summary>Writes one byte per 4 KiB page so the pages exist before the file data is copied in.</summary>
    private static void Touch(Memory<byte> memory)
    {
        Span<byte> span = memory.Span;
        for (int i = 0; i < span.Length; i += 4096)
        {
            span[i] = 0;
        }
    }

    private void ReadRaw(string key, BundleEntryProto e, Span<byte> destination, long? from = null)
    {
        SafeFileHandle handle = Shard(e.ShardId, key);
        long offset = from ?? e.Offset;
        while (destination.Length > 0)
        {
            int n = RandomAccess.Read(handle, destination, offset);
            if (n <= 0)
            {
                throw new KerasFormatException("Unexpected end of the data file.", key, DataFileOf(e));
            }

            destination = destination[n..];
            offset += n;
        }
    }

    private long ShardLength(int shard, string key)
    {
        Shard(shard, key);
        return _shardLengths[shard];
    }

    private SafeFileHandle Shard(int shard, string key)
    {
        if (_shards[shard] is { } open)
        {
            return open;
        }

        string file = BundleWriter.DataFile(Prefix, shard, _shards.Length);
        if (!File.Exists(file))
        {
            throw new KerasFormatException($"The data file {Path.GetFileName(file)} is missing.", key, file);
        }

        SafeFileHandle h = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        _shards[shard] = h;
        _shardLengths[shard] = RandomAccess.GetLength(h);
        return h;
    }

    private string DataFileOf(BundleEntryProto e) => BundleWriter.DataFile(Prefix, e.ShardId, _shards.Length);
}
