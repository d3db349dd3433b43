// SPDX-License-Identifier: Apache-2.0
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Keras.Net.Backend;

/// <summary>
/// The run-time half of the TorchSharp native-library fix (ADR 0002), for apps the build-time fix did not reach (a
/// project reference from outside this repository, a script, a tool built elsewhere). When Keras.Net loads on Linux it
/// opens the app's <c>libLibTorchSharp.so</c> as TorchSharp will; if the loader refuses it for the missing
/// <c>GLIBCXX_3.4.32</c> (Debian 12, Ubuntu 22.04), the file is fixed in place (written beside it and renamed over it,
/// as the build does). When the library still cannot load, Keras.Net's first call throws
/// <see cref="NativeLibraryException"/> naming the file, the loader's own words and what to do, instead of
/// TorchSharp's misleading "doesn't contain a reference to libtorch-cpu".
/// </summary>
internal static partial class NativeLibraryFix
{
    private const string Version = "GLIBCXX_3.4.32";
    private const string Symbol = "_ZSt21ios_base_library_initv";

    private static NativeLibraryException? s_failure;

    // A library module initializer on purpose: TorchSharp's first use can come from any Keras.Net call, and its
    // static constructor caches the first failure for the life of the process, so the fix must come before it.
    // The thread default follows once the library can load.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Start()
    {
        Run();
        if (s_failure is null)
        {
            ThreadPolicy.ApplyDefault();
        }
    }

    private static void Run()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("KERASNET_SKIP_NATIVE_FIX") == "1")
        {
            return;
        }

        string? library = Candidates().FirstOrDefault(File.Exists);
        if (library is null)
        {
            return; // TorchSharp's own search and message cover a library that is simply absent.
        }

        string? error = TryOpen(library);
        if (error is null)
        {
            return;
        }

        if (error.Contains(Version, StringComparison.Ordinal))
        {
            try
            {
                byte[] elf = File.ReadAllBytes(library);
                KerasNet.Build.ElfWeakener.Patch(elf, Symbol, Version, library);
                string temp = library + $".{Environment.ProcessId}.kerasnet.tmp";
                File.WriteAllBytes(temp, elf);
                File.SetUnixFileMode(temp, File.GetUnixFileMode(library));
                File.Move(temp, library, overwrite: true);
                if (TryOpen(library) is not { } still)
                {
                    return;
                }

                error = still;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                error += $" (Keras.Net could not fix the file in place: {e.Message})";
            }
        }

        s_failure = new NativeLibraryException(library, error,
            error.Contains(Version, StringComparison.Ordinal)
                ? $"The system libstdc++ lacks {Version}. Build the app with the KerasNet.Torch package (its build fixes the copy in the output folder), make the file writable so Keras.Net can fix it, or install GCC 13's libstdc++. See the README's troubleshooting."
                : "Reinstall the TorchSharp-cpu package (or the CUDA build the app uses) and rebuild, so the app's native folder holds a complete libtorch.");
    }

    /// <summary>Throws the <see cref="NativeLibraryException"/> found at load, if any: called by Keras.Net's first entry points.</summary>
    /// <exception cref="NativeLibraryException">TorchSharp's native library cannot be loaded on this machine.</exception>
    internal static void ThrowIfBroken()
    {
        if (s_failure is { } failure)
        {
            throw failure;
        }
    }

    private static IEnumerable<string> Candidates()
    {
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string torchSharp = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) ?? string.Empty;
        foreach (string root in new[] { torchSharp, AppContext.BaseDirectory }.Where(r => r.Length > 0).Distinct())
        {
            yield return Path.Combine(root, "runtimes", rid, "native", "libLibTorchSharp.so");
            yield return Path.Combine(root, "libLibTorchSharp.so");
        }
    }

    /// <summary>Opens the library as TorchSharp will (it stays loaded); the dynamic loader's message when it cannot.</summary>
    private static string? TryOpen(string path)
    {
        const int RtldNow = 2, RtldGlobal = 0x100;

        // Binding a P/Invoke runs dlsym, which clears the loader's error: bind (and clear) dlerror first.
        _ = DlError();
        if (DlOpen(path, RtldNow | RtldGlobal) != IntPtr.Zero)
        {
            return null;
        }

        IntPtr message = DlError();
        return (message == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(message)) ?? "the dynamic loader refused it";
    }

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string file, int mode);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    private static partial IntPtr DlError();
}
