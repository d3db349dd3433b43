// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>The managed random source used where Keras uses Python's or NumPy's (e.g. shuffling).</summary>
internal static class RandomState
{
    private static readonly object Gate = new();
    private static Random _random = new();

    internal static void Seed(int seed)
    {
        lock (Gate)
        {
            _random = new Random(seed);
        }
    }

    internal static int NextInt(int maxExclusive)
    {
        lock (Gate)
        {
            return _random.Next(maxExclusive);
        }
    }

    internal static long NextSeed()
    {
        lock (Gate)
        {
            return _random.NextInt64(0, long.MaxValue);
        }
    }
}
