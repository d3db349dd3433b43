// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Protos;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// Writes a TensorBundle V2 (formats.md 3.1-3.5): the tensors in the order added, then the index table sorted by key.
/// </summary>
/// <remarks>
/// Crash-atomic: the index names its data files only by the prefix and the shard count, so a save alternates between
/// one shard (<c>.data-00000-of-00001</c>) and two (<c>.data-00000-of-00002</c>, the second empty) and never writes
/// the data file the current index points to. The new data file is renamed into place first (the old index still
/// reads the old one), then the index: that one rename switches checkpoints. The previous save's data files are
/// deleted after it, and a killed save's temporaries by the next save. See docs/errors.md.
/// </remarks>
internal sealed class BundleWriter : IDisposable
{
    private readonly string _prefix;
    private readonly int _shards;
    private readonly string _dataTemp;
    private readonly FileStream _data;
    private readonly SortedDictionary<byte[], BundleEntryProto> _entries = new(ByteOrder.Instance);
    private bool _finished;

    internal BundleWriter(string prefix)
    {
        _prefix = Path.GetFullPath(prefix);
        Directory.CreateDirectory(Path.GetDirectoryName(_prefix) ?? ".");
        _shards = File.Exists(DataFile(_prefix, 0, 1)) ? 2 : 1;
        foreach (string file in new[] { _prefix + ".index", DataFile(_prefix, 0, 1), DataFile(_prefix, 0, 2), DataFile(_prefix, 1, 2) })
        {
            FileCommit.SweepStale(file);
        }

        _dataTemp = FileCommit.TempSibling(DataFile(_prefix, 0, _shards));
        _data = new FileStream(_dataTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
    }

    internal static string DataFile(string prefix, int shard, int shards) => $"{prefix}.data-{shard:D5}-of-{shards:D5}";

    /// <summary>Appends a numeric tensor's bytes under <paramref name="key"/>.</summary>
    internal void Add(string key, Tensor value, DType dtype, long[] shape)
    {
        long offset = _data.Position;
        uint crc = 0;
        long size = 0;
        Ops.WithMemory(value, bytes =>
        {
            // The checksum runs on another core while the bytes go to the file.
            Task<uint> checksum = bytes.Length >= 1 << 20 ? Task.Run(() => Crc32C.Compute(bytes.Span)) : Task.FromResult(Crc32C.Compute(bytes.Span));
            _data.Write(bytes.Span);
            crc = checksum.GetAwaiter().GetResult();
            size = bytes.Length;
        });
        Record(key, dtype, shape, offset, size, crc);
    }

    /// <summary>Appends a string tensor (lengths, their masked checksum, the bytes) under <paramref name="key"/>.</summary>
    internal void AddStrings(string key, IReadOnlyList<byte[]> values, long[] shape)
    {
        long offset = _data.Position;
        var header = new MemoryStream();
        Span<byte> varint = stackalloc byte[10];
        Span<byte> word = stackalloc byte[8];
        uint crc = 0;
        foreach (byte[] v in values)
        {
            header.Write(varint[..SsTableWriter.WriteVarint(varint, 0, (ulong)v.Length)]);
            crc = ExtendWithLength(crc, v.LongLength, word);
        }

        Span<byte> stored = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(stored, Crc32C.Mask(crc));
        _data.Write(header.GetBuffer().AsSpan(0, (int)header.Length));
        _data.Write(stored);
        uint entryCrc = Crc32C.Extend(crc, stored);
        long size = header.Length + 4;
        foreach (byte[] v in values)
        {
            _data.Write(v);
            entryCrc = Crc32C.Extend(entryCrc, v);
            size += v.Length;
        }

        Record(key, DType.String, shape, offset, size, entryCrc);
    }

    /// <summary>Feeds one string length to the CRC as TensorFlow does: 4 bytes, or 8 above 2^32 - 1.</summary>
    internal static uint ExtendWithLength(uint crc, long length, Span<byte> scratch)
    {
        if (length <= uint.MaxValue)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)length);
            return Crc32C.Extend(crc, scratch[..4]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(scratch, (ulong)length);
        return Crc32C.Extend(crc, scratch[..8]);
    }

    /// <summary>Writes the index and moves both files into place.</summary>
    internal void Finish()
    {
        _data.Flush(flushToDisk: true);
        _data.Dispose();
        string indexTemp = FileCommit.TempSibling(_prefix + ".index");
        string? emptyTemp = _shards == 2 ? FileCommit.TempSibling(DataFile(_prefix, 1, 2)) : null;
        try
        {
            if (emptyTemp is not null)
            {
                using var empty = new FileStream(emptyTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                empty.Flush(flushToDisk: true);
            }

            using (var index = new FileStream(indexTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var table = new SsTableWriter(index);
                var header = new BundleHeaderProto { NumShards = _shards, Version = new VersionDef { Producer = 1 } };
                table.Add([], header.ToByteArray());
                foreach (var (key, entry) in _entries)
                {
                    table.Add(key, entry.ToByteArray());
                }

                table.Finish();
                index.Flush(flushToDisk: true);
            }

            FileCommit.MoveFile(_dataTemp, DataFile(_prefix, 0, _shards));
            if (emptyTemp is not null)
            {
                FileCommit.MoveFile(emptyTemp, DataFile(_prefix, 1, 2));
            }

            FileCommit.MoveFile(indexTemp, _prefix + ".index");
            _finished = true;
        }
        finally
        {
            File.Delete(indexTemp);
            if (emptyTemp is not null)
            {
                File.Delete(emptyTemp);
            }
        }

        // The index now names the new data files: the other shard count's files belong to no checkpoint.
        foreach (string stale in _shards == 1 ? [DataFile(_prefix, 0, 2), DataFile(_prefix, 1, 2)] : new[] { DataFile(_prefix, 0, 1) })
        {
            File.Delete(stale);
        }
    }

    public void Dispose()
    {
        try
        {
            // Flushing the rest of a failed write can fail again (the disk is still full): the temporary goes anyway.
            _data.Dispose();
        }
        catch (IOException) when (!_finished)
        {
        }
        catch (ArgumentOutOfRangeException) when (!_finished)
        {
        }
        finally
        {
            if (!_finished)
            {
                File.Delete(_dataTemp);
            }
        }
    }

    private void Record(string key, DType dtype, long[] shape, long offset, long size, uint crc)
    {
        byte[] k = Encoding.UTF8.GetBytes(key);
        if (k.Length == 0 || _entries.ContainsKey(k))
        {
            throw new InvalidOperationException($"Checkpoint key '{key}' is empty or written twice.");
        }

        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        _entries[k] = new BundleEntryProto
        {
            Dtype = TfDataTypes.FromDType(dtype),
            Shape = tensorShape,
            Offset = offset,
            Size = size,
            Crc32C = Crc32C.Mask(crc),
        };
    }

    /// <summary>Unsigned bytewise key order (the table's comparator).</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        internal static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
