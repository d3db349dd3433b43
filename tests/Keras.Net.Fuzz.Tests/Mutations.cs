// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;

namespace Keras.Net.Fuzz.Tests;

/// <summary>Deterministic byte-level damage: flips, overwrites, truncation, lying integer fields, same-length text edits.</summary>
internal static class Mutations
{
    /// <summary>Lies an integer field can tell: zero, one, all ones, sign bits, just past a 32-bit size.</summary>
    private static readonly ulong[] Lies = [0, 1, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0001, 0x7FFF_FFFF_FFFF_FFFF, ulong.MaxValue, 1UL << 40];

    /// <summary>One of several damage kinds, chosen by <paramref name="rng"/>, applied to a copy of <paramref name="data"/>.</summary>
    internal static (byte[] Bytes, string What) Damage(byte[] data, Random rng)
    {
        byte[] b = (byte[])data.Clone();
        switch (rng.Next(6))
        {
            case 0:
            {
                int flips = 1 + rng.Next(8);
                for (int i = 0; i < flips; i++)
                {
                    b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return (b, $"{flips} bit flips");
            }

            case 1:
            {
                int at = rng.Next(b.Length), len = Math.Min(b.Length - at, 1 + rng.Next(64));
                byte fill = rng.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)rng.Next(256) };
                b.AsSpan(at, len).Fill(fill);
                return (b, $"{len} bytes at {at} set to 0x{fill:X2}");
            }

            case 2:
            {
                int keep = rng.Next(b.Length);
                return (b[..keep], $"truncated to {keep} of {b.Length} bytes");
            }

            case 3:
            {
                int fields = 1 + rng.Next(4);
                var what = new StringBuilder();
                for (int i = 0; i < fields; i++)
                {
                    int width = rng.Next(2) == 0 ? 4 : 8;
                    int at = rng.Next(Math.Max(1, b.Length - width)) & ~(width - 1);
                    ulong lie = Lies[rng.Next(Lies.Length)];
                    if (at + width > b.Length)
                    {
                        continue;
                    }

                    if (width == 4)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), (uint)lie);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), lie);
                    }

                    what.Append($"u{width * 8}@{at}=0x{lie:X} ");
                }

                return (b, "integer fields: " + what.ToString().Trim());
            }

            case 4:
            {
                int at = rng.Next(b.Length), len = Math.Min(b.Length - at, 1 + rng.Next(256));
                byte[] copy = b.AsSpan(at, len).ToArray();
                int to = rng.Next(b.Length);
                return ([.. b[..to], .. copy, .. b[to..]], $"{len} bytes from {at} inserted at {to}");
            }

            default:
            {
                int at = rng.Next(b.Length), len = Math.Min(b.Length - at, 1 + rng.Next(4096));
                return ([.. b[..at], .. b[(at + len)..]], $"{len} bytes removed at {at}");
            }
        }
    }

    /// <summary>
    /// Replaces the <paramref name="nth"/> occurrence of <paramref name="find"/> with <paramref name="replace"/>
    /// padded with spaces to the same length (so the container's lengths stay right); null when absent or too long.
    /// </summary>
    internal static byte[]? ReplaceText(byte[] data, string find, string replace, int nth = 0)
    {
        byte[] f = Encoding.UTF8.GetBytes(find);
        byte[] r = Encoding.UTF8.GetBytes(replace);
        if (r.Length > f.Length)
        {
            return null;
        }

        int at = -1;
        for (int i = 0; i <= nth; i++)
        {
            int next = data.AsSpan(at + 1).IndexOf(f);
            if (next < 0)
            {
                return null;
            }

            at += 1 + next;
        }

        byte[] b = (byte[])data.Clone();
        r.CopyTo(b, at);
        b.AsSpan(at + r.Length, f.Length - r.Length).Fill((byte)' ');
        return b;
    }
}
