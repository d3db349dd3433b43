// SPDX-License-Identifier: Apache-2.0
using System.Runtime.InteropServices;

namespace Keras.Net.Backend;

/// <summary>
/// Asks Linux to back a large, freshly allocated buffer with transparent huge pages before it is first written,
/// so filling it takes one page fault per 2 MiB instead of per 4 KiB (the dominant cost of loading a large model
/// into new tensors). A hint only: other systems, small buffers and refusals are ignored.
/// </summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long HugePageSize = 2L << 20;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    internal static unsafe void Advise(void* start, long length)
    {
        if (_unavailable || length < 2 * HugePageSize)
        {
            return;
        }

        long begin = ((long)start + HugePageSize - 1) & ~(HugePageSize - 1);
        long end = ((long)start + length) & ~(HugePageSize - 1);
        if (end <= begin)
        {
            return;
        }

        try
        {
            _ = Madvise((nint)begin, (nuint)(end - begin), MadvHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
