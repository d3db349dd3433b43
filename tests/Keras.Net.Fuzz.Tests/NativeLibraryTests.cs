// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// The run-time native-library fix, on copies of this app whose <c>libLibTorchSharp.so</c> is replaced: the NuGet
/// package's own file (needing GLIBCXX_3.4.32, which Debian 12 lacks) is fixed in place and loads; a broken file makes
/// the first call throw <see cref="NativeLibraryException"/> naming it and the loader's reason.
/// </summary>
public sealed class NativeLibraryTests
{
    private const string Native = "runtimes/linux-x64/native/libLibTorchSharp.so";

    [Fact]
    public void ABrokenNativeLibrary_GivesOneClearException_NamingTheFileAndTheLoadersReason()
    {
        using var app = new AppCopy();
        File.WriteAllText(app.Native, string.Concat(Enumerable.Repeat("this is not an ELF file. ", 200)));

        var (code, output) = app.Run();

        Assert.Equal(3, code);
        Assert.Contains("NATIVE FAILED Keras.Net.NativeLibraryException", output, StringComparison.Ordinal);
        Assert.Contains(app.Native, output, StringComparison.Ordinal);
        Assert.Contains("invalid ELF header", output, StringComparison.Ordinal);
        Assert.DoesNotContain("doesn't contain a reference", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUnfixedPackageLibrary_IsFixedAtRunTime_WhereTheBuildDidNotReach()
    {
        string package = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "torchsharp", "0.107.0", Native);
        Assert.True(File.Exists(package), $"TorchSharp's package file is not at {package}");
        using var app = new AppCopy();
        File.Copy(package, app.Native, overwrite: true);

        var (code, output) = app.Run();

        Assert.True(code == 0, output);
        Assert.Contains("NATIVE OK", output, StringComparison.Ordinal);
    }

    /// <summary>This test assembly's output folder (natives linked, the rest copied), with the native library to replace.</summary>
    private sealed class AppCopy : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "kerasnet-native-" + Guid.NewGuid().ToString("N")[..8]);

        internal AppCopy()
        {
            string source = AppContext.BaseDirectory;
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(_root, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);

                // Assemblies are copied (the runtime resolves symbolic links to their targets, which would send
                // TorchSharp back to the original folder); the large native files are linked.
                if (file.Contains($"{Path.DirectorySeparatorChar}runtimes{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    File.CreateSymbolicLink(target, file);
                }
                else
                {
                    File.Copy(file, target);
                }
            }

            File.Delete(Native);
        }

        internal string Native => Path.Combine(_root, NativeLibraryTests.Native);

        internal (int Code, string Output) Run()
        {
            var info = new ProcessStartInfo(FuzzDriver.Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "exec", Path.Combine(_root, Path.GetFileName(FuzzDriver.Assembly)), "native" })
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info)!;
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                p.Kill();
            }

            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr.Result);
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
