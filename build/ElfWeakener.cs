// SPDX-License-Identifier: Apache-2.0
// The TorchSharp native-library fix (docs/adr/0002-torchsharp-native-fix.md).
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the WeakenElfVersionNeed task
// (build/TorchSharpNativeFix.targets), and into the library (KERASNET_LIBRARY and KERASNET_NO_MSBUILD_TASK
// defined, types internal) for the run-time fallback (Backend/NativeLibraryFix.cs), where the tests reach it.
// It must therefore stay self-contained.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace KerasNet.Build
{
    /// <summary>The outcome of <see cref="ElfWeakener.Patch(string, string, string)"/>.</summary>
#if KERASNET_LIBRARY
    internal
#else
    public
#endif
    enum ElfPatchResult
    {
        /// <summary>The symbol and the version need were made weak.</summary>
        Patched,

        /// <summary>The file was already patched; nothing was written.</summary>
        AlreadyPatched,

        /// <summary>The file does not need the version; nothing was written.</summary>
        NotNeeded,
    }

    /// <summary>
    /// Makes one undefined dynamic symbol weak and unversioned, and marks one version need of an ELF
    /// shared library weak, so that the dynamic loader accepts a system library lacking that version.
    /// </summary>
#if KERASNET_LIBRARY
    internal
#else
    public
#endif
    static class ElfWeakener
    {
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVersym = 0x6fffffff;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 2;
        private const byte StbWeak = 2;

        /// <summary>Patches <paramref name="path"/> in place.</summary>
        /// <param name="path">The ELF64 little-endian shared library.</param>
        /// <param name="symbol">The dynamic symbol that is the only user of <paramref name="version"/>.</param>
        /// <param name="version">The version need to weaken, e.g. <c>GLIBCXX_3.4.32</c>.</param>
        /// <returns>What was done.</returns>
        /// <exception cref="InvalidDataException">The file is not a well-formed ELF64 LE file, or other
        /// symbols also need the version (weakening would then be unsafe).</exception>
        public static ElfPatchResult Patch(string path, string symbol, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            ElfPatchResult result = Patch(elf, symbol, version, path);
            if (result == ElfPatchResult.Patched)
            {
                string temp = path + ".weaken.tmp";
                File.WriteAllBytes(temp, elf);
                File.Copy(temp, path, true);
                File.Delete(temp);
            }

            return result;
        }

        /// <summary>Patches an ELF image held in memory.</summary>
        /// <param name="elf">The file's bytes; modified in place.</param>
        /// <param name="symbol">The dynamic symbol to make weak.</param>
        /// <param name="version">The version need to make weak.</param>
        /// <param name="fileName">The name used in error messages.</param>
        /// <returns>What was done.</returns>
        public static ElfPatchResult Patch(byte[] elf, string symbol, string version, string fileName)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw Bad(fileName, "no ELF magic");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw Bad(fileName, "only 64-bit little-endian ELF files are supported");
            }

            ulong shoff = U64(elf, 0x28, fileName);
            int shentsize = U16(elf, 0x3A, fileName);
            int shnum = U16(elf, 0x3C, fileName);
            if (shentsize < 64 || shnum == 0)
            {
                throw Bad(fileName, "no section headers");
            }

            Section? dynsym = null, versym = null, verneed = null;
            var sections = new List<Section>();
            for (int i = 0; i < shnum; i++)
            {
                long at = Checked(shoff + (ulong)(i * shentsize), 64, elf, fileName);
                var s = new Section(U32(elf, at + 4, fileName), U64(elf, at + 24, fileName), U64(elf, at + 32, fileName), U32(elf, at + 40, fileName), U32(elf, at + 44, fileName));
                sections.Add(s);
                if (s.Type == ShtDynsym)
                {
                    dynsym = s;
                }
                else if (s.Type == ShtGnuVersym)
                {
                    versym = s;
                }
                else if (s.Type == ShtGnuVerneed)
                {
                    verneed = s;
                }
            }

            if (dynsym is null || versym is null || verneed is null)
            {
                return ElfPatchResult.NotNeeded;
            }

            Section dynstr = dynsym.Link < sections.Count ? sections[(int)dynsym.Link] : throw Bad(fileName, ".dynsym links to a missing string table");
            Section needStr = verneed.Link < sections.Count ? sections[(int)verneed.Link] : throw Bad(fileName, ".gnu.version_r links to a missing string table");

            // Find the version need entry (Vernaux) named `version`.
            long auxAt = -1;
            int versionIndex = -1;
            long vn = Checked(verneed.Offset, 16, elf, fileName);
            for (uint n = 0; n < verneed.Info; n++)
            {
                int count = U16(elf, vn + 2, fileName);
                long aux = vn + U32(elf, vn + 8, fileName);
                for (int a = 0; a < count; a++)
                {
                    Checked((ulong)aux, 16, elf, fileName);
                    string name = CString(elf, needStr, U32(elf, aux + 8, fileName), fileName);
                    if (name == version)
                    {
                        auxAt = aux;
                        versionIndex = U16(elf, aux + 6, fileName) & 0x7fff;
                    }

                    aux += U32(elf, aux + 12, fileName);
                }

                uint next = U32(elf, vn + 12, fileName);
                if (next == 0)
                {
                    break;
                }

                vn += next;
            }

            if (auxAt < 0)
            {
                return ElfPatchResult.NotNeeded;
            }

            // Every symbol bound to that version must be `symbol`; otherwise weakening is unsafe.
            long symCount = (long)(dynsym.Size / 24);
            long target = -1;
            for (long i = 0; i < symCount; i++)
            {
                long vAt = Checked(versym.Offset + (ulong)(i * 2), 2, elf, fileName);
                if ((U16(elf, vAt, fileName) & 0x7fff) != versionIndex)
                {
                    continue;
                }

                long symAt = Checked(dynsym.Offset + (ulong)(i * 24), 24, elf, fileName);
                string name = CString(elf, dynstr, U32(elf, symAt, fileName), fileName);
                if (name != symbol)
                {
                    throw Bad(fileName, $"symbol '{name}' also needs {version}; refusing to weaken it");
                }

                target = i;
            }

            bool needIsWeak = (U16(elf, auxAt + 4, fileName) & VerFlgWeak) != 0;
            if (target < 0)
            {
                if (needIsWeak)
                {
                    return ElfPatchResult.AlreadyPatched;
                }
            }
            else
            {
                long symAt = (long)dynsym.Offset + (target * 24);
                elf[symAt + 4] = (byte)((StbWeak << 4) | (elf[symAt + 4] & 0x0f));
                long vAt = (long)versym.Offset + (target * 2);
                elf[vAt] = 1;
                elf[vAt + 1] = 0;
            }

            ushort flags = (ushort)(U16(elf, auxAt + 4, fileName) | VerFlgWeak);
            elf[auxAt + 4] = (byte)flags;
            elf[auxAt + 5] = (byte)(flags >> 8);
            return ElfPatchResult.Patched;
        }

        /// <summary>Whether a library file (e.g. the system libstdc++) defines <paramref name="version"/>.</summary>
        /// <param name="path">The library to search.</param>
        /// <param name="version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
        /// <returns><see langword="true"/> when the NUL-terminated name occurs in the file.</returns>
        public static bool LibraryHasVersion(string path, string version)
        {
            byte[] data = File.ReadAllBytes(path);
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= data.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && data[i + j] == needle[j])
                {
                    j++;
                }

                if (j == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }

        private static string CString(byte[] elf, Section table, uint offset, string fileName)
        {
            long start = Checked(table.Offset + offset, 1, elf, fileName);
            int end = Array.IndexOf(elf, (byte)0, (int)start);
            if (end < 0)
            {
                throw Bad(fileName, "unterminated string");
            }

            return Encoding.ASCII.GetString(elf, (int)start, end - (int)start);
        }

        private static long Checked(ulong offset, int length, byte[] elf, string fileName)
        {
            if (offset > (ulong)elf.Length || (ulong)elf.Length - offset < (ulong)length)
            {
                throw Bad(fileName, $"offset {offset} is outside the file");
            }

            return (long)offset;
        }

        private static ushort U16(byte[] b, long at, string f) => (ushort)(b[Checked((ulong)at, 2, b, f)] | (b[at + 1] << 8));

        private static uint U32(byte[] b, long at, string f) => (uint)(U16(b, at, f) | (U16(b, at + 2, f) << 16));

        private static ulong U64(byte[] b, long at, string f) => U32(b, at, f) | ((ulong)U32(b, at + 4, f) << 32);

        private static InvalidDataException Bad(string fileName, string what) =>
            new InvalidDataException($"{fileName}: cannot weaken the ELF version need: {what}.");

        private sealed class Section
        {
            public Section(uint type, ulong offset, ulong size, uint link, uint info)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                Info = info;
            }

            public uint Type { get; }

            public ulong Offset { get; }

            public ulong Size { get; }

            public uint Link { get; }

            public uint Info { get; }
        }
    }

#if !KERASNET_NO_MSBUILD_TASK
    /// <summary>MSBuild task: weakens the version need in every given library when the system lacks it.</summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>The libraries to patch (copies in output folders, never the NuGet cache).</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The symbol that is the only user of <see cref="Version"/>.</summary>
        [Microsoft.Build.Framework.Required]
        public string Symbol { get; set; } = "";

        /// <summary>The version need to weaken.</summary>
        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        /// <summary>Candidate paths of the system library that would provide the version.</summary>
        public string[] SystemLibraries { get; set; } = Array.Empty<string>();

        /// <inheritdoc />
        public override bool Execute()
        {
            foreach (string lib in SystemLibraries)
            {
                if (File.Exists(lib) && ElfWeakener.LibraryHasVersion(lib, Version))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{lib} provides {Version}; no native fix needed.");
                    return true;
                }
            }

            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                try
                {
                    ElfPatchResult r = ElfWeakener.Patch(path, Symbol, Version);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"TorchSharp native fix: {path}: {r}");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogError($"TorchSharp native fix failed for {path}: {e.Message}");
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
