// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>
/// While open on the current thread, layer weights are allocated without running their initializers,
/// because a loader is about to overwrite every one of them (saves initializing 100M random numbers).
/// </summary>
internal sealed class InitializationScope : IDisposable
{
    [ThreadStatic]
    private static int _depth;

    private InitializationScope() => _depth++;

    internal static bool SkipInitializers => _depth > 0;

    internal static InitializationScope Skip() => new();

    public void Dispose() => _depth--;
}
