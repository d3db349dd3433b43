// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Numerics;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>CRC-32C (Castagnoli) and TensorFlow's CRC mask (formats.md 0.2).</summary>
internal static class Crc32C
{
    private const uint MaskDelta = 0xA282EAD8;

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    internal static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>Continues a CRC over more bytes (<c>crc32c::Extend</c>).</summary>
    internal static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return ~state;
    }

    /// <summary>The masked form stored in files: rotate right by 15, add a constant.</summary>
    internal static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>Undoes <see cref="Mask"/>.</summary>
    internal static uint Unmask(uint masked)
    {
        uint rot = masked - MaskDelta;
        return (rot >> 17) | (rot << 15);
    }
}
