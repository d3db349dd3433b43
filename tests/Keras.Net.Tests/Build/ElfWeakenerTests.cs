// SPDX-License-Identifier: Apache-2.0
using System.Text;
using KerasNet.Build;

namespace Keras.Net.Tests.Build;

/// <summary>
/// The TorchSharp native-library fix (build/ElfWeakener.cs), on synthetic ELF64 files laid out like
/// libLibTorchSharp.so: .dynsym, .dynstr, .gnu.version and .gnu.version_r.
/// </summary>
public sealed class ElfWeakenerTests
{
    private const string Symbol = "_ZSt21ios_base_library_initv";
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void Patch_SymbolOnlyUserOfVersion_MakesSymbolWeakUnversionedAndNeedWeak()
    {
        var elf = SyntheticElf.Build([("_ZNSt8ios_baseD2Ev", 2), (Symbol, 3)]);

        ElfPatchResult result = ElfWeakener.Patch(elf.Bytes, Symbol, Version, "lib.so");

        Assert.Equal(ElfPatchResult.Patched, result);
        Assert.Equal(2, elf.Bytes[elf.SymbolOffset(1) + 4] >> 4);            // STB_WEAK
        Assert.Equal(2 /* STT_FUNC */, elf.Bytes[elf.SymbolOffset(1) + 4] & 0xf);
        Assert.Equal(1, BitConverter.ToUInt16(elf.Bytes, elf.VersymOffset(1)));   // VER_NDX_GLOBAL
        Assert.Equal(1, elf.Bytes[elf.SymbolOffset(0) + 4] >> 4);            // other symbol stays GLOBAL
        Assert.Equal(2, BitConverter.ToUInt16(elf.Bytes, elf.VersymOffset(0)));
        Assert.Equal(2, BitConverter.ToUInt16(elf.Bytes, elf.AuxFlagsOffset(Version)) & 2); // VER_FLG_WEAK
        Assert.Equal(0, BitConverter.ToUInt16(elf.Bytes, elf.AuxFlagsOffset("GLIBCXX_3.4")) & 2);
    }

    [Fact]
    public void Patch_Twice_SecondReportsAlreadyPatchedAndChangesNothing()
    {
        var elf = SyntheticElf.Build([(Symbol, 3)]);
        ElfWeakener.Patch(elf.Bytes, Symbol, Version, "lib.so");
        byte[] once = (byte[])elf.Bytes.Clone();

        ElfPatchResult second = ElfWeakener.Patch(elf.Bytes, Symbol, Version, "lib.so");

        Assert.Equal(ElfPatchResult.AlreadyPatched, second);
        Assert.Equal(once, elf.Bytes);
    }

    [Fact]
    public void Patch_AnotherSymbolNeedsTheVersion_RefusesAndLeavesFileUnchanged()
    {
        var elf = SyntheticElf.Build([(Symbol, 3), ("_ZNSt7__cxx1112basic_stringC1Ev", 3)]);
        byte[] before = (byte[])elf.Bytes.Clone();

        var ex = Assert.Throws<InvalidDataException>(() => ElfWeakener.Patch(elf.Bytes, Symbol, Version, "lib.so"));

        Assert.Contains("_ZNSt7__cxx1112basic_stringC1Ev", ex.Message);
        Assert.Contains("lib.so", ex.Message);
        Assert.Equal(before, elf.Bytes);
    }

    [Fact]
    public void Patch_VersionNotNeeded_ReportsNotNeeded()
    {
        var elf = SyntheticElf.Build([("_ZNSt8ios_baseD2Ev", 2)], includeTarget: false);

        Assert.Equal(ElfPatchResult.NotNeeded, ElfWeakener.Patch(elf.Bytes, Symbol, Version, "lib.so"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(100)]
    public void Patch_TruncatedFile_ThrowsInvalidDataNamingFile(int length)
    {
        var elf = SyntheticElf.Build([(Symbol, 3)]);
        byte[] cut = elf.Bytes[..Math.Min(length, elf.Bytes.Length)];

        var ex = Assert.Throws<InvalidDataException>(() => ElfWeakener.Patch(cut, Symbol, Version, "cut.so"));

        Assert.Contains("cut.so", ex.Message);
    }

    [Fact]
    public void Patch_SectionOffsetsPointPastEnd_ThrowsInvalidData()
    {
        var elf = SyntheticElf.Build([(Symbol, 3)]);
        BitConverter.GetBytes((ulong)elf.Bytes.Length * 4).CopyTo(elf.Bytes, 0x28); // e_shoff

        Assert.Throws<InvalidDataException>(() => ElfWeakener.Patch(elf.Bytes, Symbol, Version, "bad.so"));
    }

    [Fact]
    public void Patch_File_WritesResultInPlace()
    {
        var elf = SyntheticElf.Build([(Symbol, 3)]);
        string path = Path.Combine(Path.GetTempPath(), $"kerasnet-elf-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(path, elf.Bytes);
        try
        {
            Assert.Equal(ElfPatchResult.Patched, ElfWeakener.Patch(path, Symbol, Version));
            byte[] written = File.ReadAllBytes(path);
            Assert.Equal(2, written[elf.SymbolOffset(0) + 4] >> 4);
            Assert.False(File.Exists(path + ".weaken.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LibraryHasVersion_FindsNulTerminatedName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kerasnet-lib-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("xxGLIBCXX_3.4.30\0GLIBCXX_3.4.3\0yy"));
        try
        {
            Assert.True(ElfWeakener.LibraryHasVersion(path, "GLIBCXX_3.4.30"));
            Assert.True(ElfWeakener.LibraryHasVersion(path, "GLIBCXX_3.4.3"));
            Assert.False(ElfWeakener.LibraryHasVersion(path, "GLIBCXX_3.4.32"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TorchSharpNativeLibrary_InTestOutput_LoadsAndComputes()
    {
        // The build patched the copy in this test's output folder; loading it is the end-to-end check.
        using Tensor a = Ops.Ones([2, 2]);
        using Tensor p = Ops.MatMul(a, a);
        Assert.Equal([2f, 2f, 2f, 2f], Ops.ToFloatArray(p));
    }
}
