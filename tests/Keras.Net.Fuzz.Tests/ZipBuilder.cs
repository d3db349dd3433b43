// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// Writes zip archives byte by byte, so a case can make the headers lie (CRC, sizes, names, duplicates), which
/// <see cref="ZipArchive"/> refuses to write.
/// </summary>
internal sealed class ZipBuilder
{
    private readonly List<(string Name, ushort Method, uint Crc, byte[] Data, long Declared)> _entries = [];

    /// <summary>A stored (uncompressed) entry with its true CRC, or <paramref name="crc"/> when given.</summary>
    internal ZipBuilder Stored(string name, byte[] data, uint? crc = null)
    {
        _entries.Add((name, 0, crc ?? Crc32(data), data, data.LongLength));
        return this;
    }

    /// <summary>A deflated entry whose headers declare <paramref name="declared"/> uncompressed bytes and <paramref name="crc"/>.</summary>
    internal ZipBuilder Deflated(string name, byte[] compressed, long declared, uint crc)
    {
        _entries.Add((name, 8, crc, compressed, declared));
        return this;
    }

    internal void WriteTo(string path)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        var central = new MemoryStream();
        Span<byte> local = stackalloc byte[30];
        Span<byte> c = stackalloc byte[46];
        foreach (var (name, method, crc, data, declared) in _entries)
        {
            long offset = f.Position;
            byte[] n = Encoding.UTF8.GetBytes(name);
            local.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local[8..], method);
            BinaryPrimitives.WriteUInt32LittleEndian(local[14..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local[18..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local[22..], (uint)Math.Min(declared, uint.MaxValue));
            BinaryPrimitives.WriteUInt16LittleEndian(local[26..], (ushort)n.Length);
            f.Write(local);
            f.Write(n);
            f.Write(data);

            c.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(c[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(c[10..], method);
            BinaryPrimitives.WriteUInt32LittleEndian(c[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(c[20..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c[24..], (uint)Math.Min(declared, uint.MaxValue));
            BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)n.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], (uint)offset);
            central.Write(c);
            central.Write(n);
        }

        long cdOffset = f.Position;
        central.Position = 0;
        central.CopyTo(f);
        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        ushort count = (ushort)Math.Min(_entries.Count, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)cdOffset);
        f.Write(end);
    }

    /// <summary>The entries of a real archive, in order.</summary>
    internal static List<(string Name, byte[] Data)> Read(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        return zip.Entries.Select(e =>
        {
            using Stream s = e.Open();
            var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        }).ToList();
    }

    /// <summary>A raw deflate stream of <paramref name="gib"/> GiB of zeros, built from one repeated sync-flushed block run.</summary>
    internal static byte[] ZeroBomb(int gib)
    {
        var chunk = new MemoryStream();
        using (var d = new DeflateStream(chunk, CompressionLevel.Optimal, leaveOpen: true))
        {
            d.Write(new byte[8 << 20]);
            d.Flush();
            byte[] body = chunk.ToArray();
            var all = new MemoryStream();
            for (int i = 0; i < gib * 128; i++)
            {
                all.Write(body);
            }

            all.Write([0x03, 0x00]);
            return all.ToArray();
        }
    }

    internal static uint Crc32(byte[] data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
