// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;

namespace Keras.Net.Saving.Hdf5;

/// <summary>
/// Rewrites the variable-length string attribute types of a file PureHDF just wrote into the ones h5py writes
/// (formats.md 1.2): <c>STR_NULLTERM</c> padding, ASCII except the root attributes Keras passes as Python
/// <c>str</c> (UTF-8). PureHDF 2.2 always writes NULLPAD UTF-8 and has no option for it.
/// </summary>
/// <remarks>
/// Walks the object headers from the root group through their hard links, patches the datatype inside each
/// attribute message in place and recomputes the header chunk's lookup3 checksum. Only metadata is read, so the
/// cost does not grow with the weights. The walker knows the layout PureHDF writes (superblock v2/v3, version-2
/// object headers, compact links); anything else is a bug in this assumption and fails loudly.
/// </remarks>
internal static class Hdf5StringTypes
{
    private const int MaxHeaderBytes = 1 << 24;

    private const byte NullTerminated = 0;
    private const byte Ascii = 0;
    private const byte Utf8 = 1;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Patches every variable-length string attribute in <paramref name="path"/>.</summary>
    /// <param name="path">A file PureHDF wrote and closed.</param>
    /// <param name="utf8RootAttributes">Root-group attributes that keep the UTF-8 character set.</param>
    /// <param name="utf8Anywhere">Attributes that are UTF-8 in every group (Keras 3's <c>name</c> on <c>vars</c> groups).</param>
    internal static void Patch(string path, IReadOnlySet<string> utf8RootAttributes, IReadOnlySet<string>? utf8Anywhere = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Span<byte> superblock = stackalloc byte[48];
        stream.ReadExactly(superblock);
        if (!superblock[..8].SequenceEqual(Signature) || superblock[8] is not (2 or 3) || superblock[9] != 8)
        {
            throw new InvalidOperationException($"'{path}' does not start with the version 2/3 superblock with 8-byte offsets that PureHDF writes.");
        }

        ulong root = BinaryPrimitives.ReadUInt64LittleEndian(superblock[36..]);
        var visited = new HashSet<ulong>();
        IReadOnlySet<string> inEveryGroup = utf8Anywhere ?? new HashSet<string>(StringComparer.Ordinal);
        var atRoot = new HashSet<string>(utf8RootAttributes, StringComparer.Ordinal);
        atRoot.UnionWith(inEveryGroup);
        Visit(stream, root, atRoot, inEveryGroup, visited);
    }

    /// <summary>Patches the object at <paramref name="address"/> with <paramref name="utf8"/> as its UTF-8 names, then its children with <paramref name="utf8Below"/>.</summary>
    private static void Visit(FileStream stream, ulong address, IReadOnlySet<string> utf8, IReadOnlySet<string> utf8Below, HashSet<ulong> visited)
    {
        if (!visited.Add(address))
        {
            return;
        }

        byte[] prefix = ReadAt(stream, address, 6 + 16 + 4 + 8);
        if (!prefix.AsSpan(0, 4).SequenceEqual("OHDR"u8) || prefix[4] != 2)
        {
            throw new InvalidOperationException($"No version 2 object header at {address}.");
        }

        byte flags = prefix[5];
        int at = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int sizeBytes = 1 << (flags & 3);
        ulong chunkSize = sizeBytes switch
        {
            1 => prefix[at],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(at)),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(at)),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(prefix.AsSpan(at)),
        };
        int start = at + sizeBytes;
        if (chunkSize > MaxHeaderBytes)
        {
            throw new InvalidOperationException($"Object header at {address} claims {chunkSize} bytes.");
        }

        var children = new List<ulong>();
        PatchChunk(stream, address, start, (int)chunkSize, flags, utf8, children);
        foreach (ulong child in children)
        {
            Visit(stream, child, utf8Below, utf8Below, visited);
        }
    }

    /// <summary>Reads one chunk (prefix + messages + checksum), patches its attributes and writes it back if changed.</summary>
    private static void PatchChunk(FileStream stream, ulong address, int messagesStart, int messagesLength, byte headerFlags, IReadOnlySet<string> utf8, List<ulong> children)
    {
        byte[] chunk = ReadAt(stream, address, messagesStart + messagesLength + 4);
        bool changed = false;
        bool creationOrder = (headerFlags & 0x04) != 0;
        int pos = messagesStart, end = messagesStart + messagesLength;
        while (pos + 4 + (creationOrder ? 2 : 0) <= end)
        {
            byte type = chunk[pos];
            int size = BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(pos + 1));
            int body = pos + 4 + (creationOrder ? 2 : 0);
            if (body + size > end)
            {
                throw new InvalidOperationException($"Header message at {address}+{pos} runs past its chunk.");
            }

            Span<byte> message = chunk.AsSpan(body, size);
            switch (type)
            {
                case 0x02:
                    RequireCompactLinks(message, address);
                    break;
                case 0x06:
                    if (HardLinkTarget(message) is { } child)
                    {
                        children.Add(child);
                    }

                    break;
                case 0x0C:
                    changed |= PatchAttribute(message, utf8);
                    break;
                case 0x10:
                    throw new InvalidOperationException($"Object header at {address} has a continuation chunk; PureHDF was expected to write single-chunk headers.");
            }

            pos = body + size;
        }

        if (changed)
        {
            uint checksum = Lookup3.HashLittle(chunk.AsSpan(0, chunk.Length - 4));
            BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(chunk.Length - 4), checksum);
            stream.Position = (long)address;
            stream.Write(chunk);
        }
    }

    private static void RequireCompactLinks(ReadOnlySpan<byte> linkInfo, ulong address)
    {
        int at = 2 + ((linkInfo[1] & 1) != 0 ? 8 : 0);
        if (BinaryPrimitives.ReadUInt64LittleEndian(linkInfo[at..]) != ulong.MaxValue)
        {
            throw new InvalidOperationException($"Group at {address} stores its links densely; PureHDF was expected to write compact links.");
        }
    }

    private static ulong? HardLinkTarget(ReadOnlySpan<byte> link)
    {
        byte flags = link[1];
        int at = 2;
        byte linkType = 0;
        if ((flags & 0x08) != 0)
        {
            linkType = link[at++];
        }

        at += (flags & 0x04) != 0 ? 8 : 0;
        at += (flags & 0x10) != 0 ? 1 : 0;
        int lengthBytes = 1 << (flags & 3);
        ulong nameLength = lengthBytes switch
        {
            1 => link[at],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(link[at..]),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(link[at..]),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(link[at..]),
        };
        at += lengthBytes + (int)nameLength;
        return linkType == 0 ? BinaryPrimitives.ReadUInt64LittleEndian(link[at..]) : null;
    }

    /// <summary>Attribute message versions 2 and 3 (no padding): name, then datatype.</summary>
    private static bool PatchAttribute(Span<byte> attribute, IReadOnlySet<string> utf8)
    {
        byte version = attribute[0];
        if (version is not (2 or 3))
        {
            throw new InvalidOperationException($"Attribute message version {version}; PureHDF was expected to write version 2 or 3.");
        }

        int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(attribute[2..]);
        int header = version == 3 ? 9 : 8;
        string name = Encoding.UTF8.GetString(attribute.Slice(header, Math.Max(0, nameSize - 1)));
        Span<byte> datatype = attribute[(header + nameSize)..];
        bool isVlenString = (datatype[0] & 0x0F) == 9 && (datatype[1] & 0x0F) == 1;
        if (!isVlenString)
        {
            return false;
        }

        byte cset = utf8.Contains(name) ? Utf8 : Ascii;
        datatype[1] = (byte)(1 | (NullTerminated << 4));
        datatype[2] = cset;

        // The base type of a vlen string is a one-byte string type: padding in bits 0-3, character set in bits 4-7.
        Span<byte> baseType = datatype[8..];
        if ((baseType[0] & 0x0F) == 3)
        {
            baseType[1] = (byte)(NullTerminated | (cset << 4));
        }

        return true;
    }

    private static byte[] ReadAt(FileStream stream, ulong address, int count)
    {
        if (address >= (ulong)stream.Length)
        {
            throw new InvalidOperationException($"Address {address} lies past the end of the file.");
        }

        var buffer = new byte[Math.Min(count, (int)Math.Min(int.MaxValue, (ulong)stream.Length - address))];
        stream.Position = (long)address;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
