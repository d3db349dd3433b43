// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>Checks shared by the dropout and noise layers.</summary>
internal static class NoiseArgs
{
    internal static double Rate(double rate) => rate is >= 0 and <= 1
        ? rate
        : throw new ArgumentOutOfRangeException(nameof(rate), $"Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate={rate}");
}
