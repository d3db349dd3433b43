// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using TorchSharp;

namespace Keras.Net.Backend;

/// <summary>
/// The default number of libtorch intra-op threads (docs/performance.md, "Threads"). On machines with two cores or
/// fewer it is 1: measured there, a second thread gains at most 24% on an idle machine and costs 4-9x as soon as
/// another process keeps a core busy (OpenMP's spin-wait). On larger machines libtorch's own default (the physical
/// cores) stays. <c>KERASNET_NUM_THREADS</c> or <c>OMP_NUM_THREADS</c> in the environment, or
/// <see cref="KerasBackend.NumThreads"/> at any time, decide instead.
/// </summary>
internal static class ThreadPolicy
{
    /// <summary>At most this many cores get one thread by default.</summary>
    internal const int SmallMachineCores = 2;

    /// <summary>The thread count chosen for this process, or null to keep libtorch's.</summary>
    internal static int? DefaultThreads()
    {
        if (Environment.GetEnvironmentVariable("KERASNET_NUM_THREADS") is { Length: > 0 } set)
        {
            return int.TryParse(set, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;
        }

        if (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is { Length: > 0 })
        {
            return null;
        }

        return Environment.ProcessorCount <= SmallMachineCores ? 1 : null;
    }

    /// <summary>Applies <see cref="DefaultThreads"/> (once, when Keras.Net loads and TorchSharp can initialize).</summary>
    internal static void ApplyDefault()
    {
        if (DefaultThreads() is not { } threads)
        {
            return;
        }

        try
        {
            torch.set_num_threads(threads);
        }
        catch (TypeInitializationException)
        {
            // TorchSharp cannot start here; NativeLibraryFix reports why on the first call.
        }
    }
}
