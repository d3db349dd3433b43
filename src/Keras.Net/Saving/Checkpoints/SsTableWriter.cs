// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// Writes a LevelDB-format table as TensorFlow's bundle writer does (formats.md 3.2): 256 KiB data blocks with a
/// restart every 16 entries, uncompressed, an empty metaindex block, an index block of shortest separators and
/// the 48-byte footer. Keys must be added in bytewise order.
/// </summary>
internal sealed class SsTableWriter
{
    internal const ulong Magic = 0xDB4775248B80FB57;
    private const int BlockSize = 262144;
    private const int RestartInterval = 16;

    private readonly Stream _out;
    private readonly BlockBuilder _data = new(RestartInterval);
    private readonly BlockBuilder _index = new(1);
    private byte[]? _lastKey;
    private (long Offset, long Size)? _pendingHandle;

    internal SsTableWriter(Stream output) => _out = output;

    internal void Add(byte[] key, byte[] value)
    {
        if (_lastKey is not null && _lastKey.AsSpan().SequenceCompareTo(key) >= 0)
        {
            throw new InvalidOperationException("Table keys must be added in strictly increasing bytewise order.");
        }

        if (_data.Count > 0 && key.Length + value.Length >= 2 * BlockSize)
        {
            FlushData();
        }

        if (_pendingHandle is { } handle)
        {
            _index.Add(ShortestSeparator(_lastKey!, key), EncodeHandle(handle));
            _pendingHandle = null;
        }

        _data.Add(key, value);
        _lastKey = key;
        if (_data.EstimatedSize >= BlockSize)
        {
            FlushData();
        }
    }

    internal void Finish()
    {
        if (_data.Count > 0)
        {
            FlushData();
        }

        if (_pendingHandle is { } handle)
        {
            _index.Add(ShortSuccessor(_lastKey!), EncodeHandle(handle));
        }

        var meta = WriteBlock(new BlockBuilder(1).Finish());
        var index = WriteBlock(_index.Finish());
        var footer = new byte[48];
        int at = WriteVarint(footer, 0, (ulong)meta.Offset);
        at = WriteVarint(footer, at, (ulong)meta.Size);
        at = WriteVarint(footer, at, (ulong)index.Offset);
        WriteVarint(footer, at, (ulong)index.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(footer.AsSpan(40), Magic);
        _out.Write(footer);
    }

    private void FlushData()
    {
        _pendingHandle = WriteBlock(_data.Finish());
        _data.Reset();
    }

    private (long Offset, long Size) WriteBlock(byte[] block)
    {
        long offset = _out.Position;
        _out.Write(block);
        Span<byte> trailer = stackalloc byte[5];
        trailer[0] = 0;
        uint crc = Crc32C.Extend(Crc32C.Compute(block), trailer[..1]);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[1..], Crc32C.Mask(crc));
        _out.Write(trailer);
        return (offset, block.Length);
    }

    private static byte[] EncodeHandle((long Offset, long Size) handle)
    {
        var buffer = new byte[20];
        int n = WriteVarint(buffer, 0, (ulong)handle.Offset);
        n = WriteVarint(buffer, n, (ulong)handle.Size);
        return buffer[..n];
    }

    internal static int WriteVarint(Span<byte> buffer, int at, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[at++] = (byte)value;
        return at;
    }

    /// <summary>LevelDB's <c>FindShortestSeparator</c>: a short key in [a, b).</summary>
    internal static byte[] ShortestSeparator(byte[] a, byte[] b)
    {
        int min = Math.Min(a.Length, b.Length), i = 0;
        while (i < min && a[i] == b[i])
        {
            i++;
        }

        if (i < min && a[i] < 0xFF && a[i] + 1 < b[i])
        {
            byte[] result = a[..(i + 1)];
            result[i]++;
            return result;
        }

        return a;
    }

    /// <summary>LevelDB's <c>FindShortSuccessor</c>: a short key at or after <paramref name="a"/>.</summary>
    internal static byte[] ShortSuccessor(byte[] a)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != 0xFF)
            {
                byte[] result = a[..(i + 1)];
                result[i]++;
                return result;
            }
        }

        return a;
    }

    /// <summary>One block: prefix-compressed entries, then the restart offsets and their count.</summary>
    private sealed class BlockBuilder(int restartInterval)
    {
        private readonly MemoryStream _buffer = new();
        private readonly List<uint> _restarts = [0];
        private byte[] _last = [];
        private int _sinceRestart;

        internal int Count { get; private set; }

        internal long EstimatedSize => _buffer.Length + (4L * _restarts.Count) + 4;

        internal void Add(byte[] key, byte[] value)
        {
            int shared = 0;
            if (_sinceRestart < restartInterval)
            {
                int min = Math.Min(_last.Length, key.Length);
                while (shared < min && _last[shared] == key[shared])
                {
                    shared++;
                }
            }
            else
            {
                _restarts.Add((uint)_buffer.Length);
                _sinceRestart = 0;
            }

            Span<byte> header = stackalloc byte[15];
            int n = WriteVarint(header, 0, (ulong)shared);
            n = WriteVarint(header, n, (ulong)(key.Length - shared));
            n = WriteVarint(header, n, (ulong)value.Length);
            _buffer.Write(header[..n]);
            _buffer.Write(key, shared, key.Length - shared);
            _buffer.Write(value);
            _last = key;
            _sinceRestart++;
            Count++;
        }

        internal byte[] Finish()
        {
            Span<byte> word = stackalloc byte[4];
            foreach (uint r in _restarts)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(word, r);
                _buffer.Write(word);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)_restarts.Count);
            _buffer.Write(word);
            return _buffer.ToArray();
        }

        internal void Reset()
        {
            _buffer.SetLength(0);
            _restarts.Clear();
            _restarts.Add(0);
            _last = [];
            _sinceRestart = 0;
            Count = 0;
        }
    }
}
