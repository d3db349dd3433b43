// SPDX-License-Identifier: Apache-2.0
using System.Text;

namespace Keras.Net.Tests.Build;

/// <summary>
/// Writes a minimal ELF64 little-endian shared object with the four sections the weakener reads. Symbols
/// are undefined FUNC/GLOBAL entries; version index 2 is GLIBCXX_3.4, index 3 is GLIBCXX_3.4.32.
/// </summary>
internal sealed class SyntheticElf
{
    private readonly Dictionary<string, int> _auxOffsets = [];
    private int _dynsym;
    private int _versym;

    public byte[] Bytes { get; private set; } = [];

    public int SymbolOffset(int index) => _dynsym + ((index + 1) * 24);

    public int VersymOffset(int index) => _versym + ((index + 1) * 2);

    public int AuxFlagsOffset(string version) => _auxOffsets[version] + 4;

    public static SyntheticElf Build(IReadOnlyList<(string Name, ushort Version)> symbols, bool includeTarget = true)
    {
        var elf = new SyntheticElf();
        var strtab = new MemoryStream();
        strtab.WriteByte(0);
        int AddString(string s)
        {
            int at = (int)strtab.Position;
            byte[] b = Encoding.ASCII.GetBytes(s);
            strtab.Write(b);
            strtab.WriteByte(0);
            return at;
        }

        int libName = AddString("libstdc++.so.6");
        var versions = new List<(string Name, ushort Index)> { ("GLIBCXX_3.4", 2) };
        if (includeTarget)
        {
            versions.Add(("GLIBCXX_3.4.32", 3));
        }

        int[] versionNames = versions.Select(v => AddString(v.Name)).ToArray();
        int[] symbolNames = symbols.Select(s => AddString(s.Name)).ToArray();
        byte[] dynstr = strtab.ToArray();

        // Layout: header (64) | dynstr | dynsym | versym | verneed | section headers.
        int offDynstr = 64;
        int offDynsym = Align(offDynstr + dynstr.Length, 8);
        int symCount = symbols.Count + 1;
        int offVersym = offDynsym + (symCount * 24);
        int offVerneed = Align(offVersym + (symCount * 2), 8);
        int verneedSize = 16 + (versions.Count * 16);
        int offShdr = Align(offVerneed + verneedSize, 8);
        int shnum = 5; // null, dynstr, dynsym, versym, verneed
        var b = new byte[offShdr + (shnum * 64)];

        b[0] = 0x7f;
        b[1] = (byte)'E';
        b[2] = (byte)'L';
        b[3] = (byte)'F';
        b[4] = 2;
        b[5] = 1;
        b[6] = 1;
        W16(b, 0x10, 3); // ET_DYN
        W16(b, 0x12, 62); // x86-64
        W64(b, 0x28, (ulong)offShdr);
        W16(b, 0x34, 64);
        W16(b, 0x3A, 64);
        W16(b, 0x3C, (ushort)shnum);

        dynstr.CopyTo(b, offDynstr);
        for (int i = 0; i < symbols.Count; i++)
        {
            int at = offDynsym + ((i + 1) * 24);
            W32(b, at, (uint)symbolNames[i]);
            b[at + 4] = (1 << 4) | 2; // GLOBAL FUNC
            W16(b, offVersym + ((i + 1) * 2), symbols[i].Version);
        }

        // One Verneed (libstdc++) with its Vernaux entries.
        W16(b, offVerneed, 1);
        W16(b, offVerneed + 2, (ushort)versions.Count);
        W32(b, offVerneed + 4, (uint)libName);
        W32(b, offVerneed + 8, 16);
        W32(b, offVerneed + 12, 0);
        for (int i = 0; i < versions.Count; i++)
        {
            int aux = offVerneed + 16 + (i * 16);
            elf._auxOffsets[versions[i].Name] = aux;
            W32(b, aux, 0x12345);
            W16(b, aux + 4, 0);
            W16(b, aux + 6, versions[i].Index);
            W32(b, aux + 8, (uint)versionNames[i]);
            W32(b, aux + 12, i == versions.Count - 1 ? 0u : 16u);
        }

        Section(b, offShdr, 1, 3, offDynstr, dynstr.Length, 0, 0);
        Section(b, offShdr, 2, 11, offDynsym, symCount * 24, 1, 1);
        Section(b, offShdr, 3, 0x6fffffff, offVersym, symCount * 2, 2, 0);
        Section(b, offShdr, 4, 0x6ffffffe, offVerneed, verneedSize, 1, 1);

        elf.Bytes = b;
        elf._dynsym = offDynsym;
        elf._versym = offVersym;
        return elf;
    }

    private static void Section(byte[] b, int shoff, int index, uint type, int offset, int size, uint link, uint info)
    {
        int at = shoff + (index * 64);
        W32(b, at + 4, type);
        W64(b, at + 24, (ulong)offset);
        W64(b, at + 32, (ulong)size);
        W32(b, at + 40, link);
        W32(b, at + 44, info);
    }

    private static int Align(int v, int a) => (v + a - 1) / a * a;

    private static void W16(byte[] b, int at, ushort v) => BitConverter.GetBytes(v).CopyTo(b, at);

    private static void W32(byte[] b, int at, uint v) => BitConverter.GetBytes(v).CopyTo(b, at);

    private static void W64(byte[] b, int at, ulong v) => BitConverter.GetBytes(v).CopyTo(b, at);
}
