// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Numerics;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// TensorFlow's string fingerprints: <c>Fingerprint64</c> (FarmHash's 64-bit "na" hash, which TensorFlow promises
/// never to change) and <c>FingerprintCat64</c>, which combines two of them. Used for <c>fingerprint.pb</c>.
/// </summary>
internal static class FarmHash
{
    private const ulong K0 = 0xc3a5c85c97cb3127UL;
    private const ulong K1 = 0xb492b66fbe98f273UL;
    private const ulong K2 = 0x9ae16a3b2f90404fUL;
    private const ulong CatMul = 0xc6a4a7935bd1e995UL;

    /// <summary>TensorFlow's <c>FingerprintCat64(fp1, fp2)</c>.</summary>
    internal static ulong Cat(ulong first, ulong second)
    {
        unchecked
        {
            ulong result = first ^ CatMul;
            result ^= Mix(second * CatMul) * CatMul;
            result *= CatMul;
            result = Mix(result) * CatMul;
            return Mix(result);
        }
    }

    /// <summary>TensorFlow's <c>Fingerprint64</c> of a byte string.</summary>
    internal static ulong Fingerprint64(ReadOnlySpan<byte> s)
    {
        unchecked
        {
            int len = s.Length;
            if (len <= 16)
            {
                return Short(s);
            }

            if (len <= 32)
            {
                ulong mul = K2 + ((ulong)len * 2);
                ulong a = U64(s, 0) * K1, b = U64(s, 8), c = U64(s, len - 8) * mul, d = U64(s, len - 16) * K2;
                return Len16(Rot(a + b, 43) + Rot(c, 30) + d, a + Rot(b + K2, 18) + c, mul);
            }

            if (len <= 64)
            {
                return Medium(s);
            }

            return Long(s);
        }
    }

    private static ulong Short(ReadOnlySpan<byte> s)
    {
        unchecked
        {
            int len = s.Length;
            if (len >= 8)
            {
                ulong mul = K2 + ((ulong)len * 2);
                ulong a = U64(s, 0) + K2, b = U64(s, len - 8);
                return Len16((Rot(b, 37) * mul) + a, (Rot(a, 25) + b) * mul, mul);
            }

            if (len >= 4)
            {
                ulong mul = K2 + ((ulong)len * 2);
                ulong a = U32(s, 0);
                return Len16((ulong)len + (a << 3), U32(s, len - 4), mul);
            }

            if (len > 0)
            {
                uint y = s[0] + ((uint)s[len >> 1] << 8);
                uint z = (uint)len + ((uint)s[len - 1] << 2);
                return Mix((y * K2) ^ (z * K0)) * K2;
            }

            return K2;
        }
    }

    private static ulong Medium(ReadOnlySpan<byte> s)
    {
        unchecked
        {
            int len = s.Length;
            ulong mul = K2 + ((ulong)len * 2);
            ulong a = U64(s, 0) * K2, b = U64(s, 8), c = U64(s, len - 8) * mul, d = U64(s, len - 16) * K2;
            ulong y = Rot(a + b, 43) + Rot(c, 30) + d;
            ulong z = Len16(y, a + Rot(b + K2, 18) + c, mul);
            ulong e = U64(s, 16) * mul, f = U64(s, 24);
            ulong g = (y + U64(s, len - 32)) * mul;
            ulong h = (z + U64(s, len - 24)) * mul;
            return Len16(Rot(e + f, 43) + Rot(g, 30) + h, e + Rot(f + a, 18) + g, mul);
        }
    }

    private static ulong Long(ReadOnlySpan<byte> s)
    {
        unchecked
        {
            const ulong seed = 81;
            int len = s.Length;
            ulong x = seed, y = (seed * K1) + 113, z = Mix((y * K2) + 113) * K2;
            (ulong First, ulong Second) v = (0, 0), w = (0, 0);
            x = (x * K2) + U64(s, 0);

            // Whole 64-byte blocks, leaving 1 to 64 bytes; then the last 64 bytes once more.
            int end = (len - 1) / 64 * 64;
            int last = len - 64;
            for (int p = 0; p < end; p += 64)
            {
                x = Rot(x + y + v.First + U64(s, p + 8), 37) * K1;
                y = Rot(y + v.Second + U64(s, p + 48), 42) * K1;
                x ^= w.Second;
                y += v.First + U64(s, p + 40);
                z = Rot(z + w.First, 33) * K1;
                v = Weak(s, p, v.Second * K1, x + w.First);
                w = Weak(s, p + 32, z + w.Second, y + U64(s, p + 16));
                (z, x) = (x, z);
            }

            ulong mul = K1 + ((z & 0xff) << 1);
            w.First += (ulong)((len - 1) & 63);
            v.First += w.First;
            w.First += v.First;
            x = Rot(x + y + v.First + U64(s, last + 8), 37) * mul;
            y = Rot(y + v.Second + U64(s, last + 48), 42) * mul;
            x ^= w.Second * 9;
            y += (v.First * 9) + U64(s, last + 40);
            z = Rot(z + w.First, 33) * mul;
            v = Weak(s, last, v.Second * mul, x + w.First);
            w = Weak(s, last + 32, z + w.Second, y + U64(s, last + 16));
            (z, x) = (x, z);
            return Len16(Len16(v.First, w.First, mul) + (Mix(y) * K0) + z, Len16(v.Second, w.Second, mul) + x, mul);
        }
    }

    private static (ulong, ulong) Weak(ReadOnlySpan<byte> s, int p, ulong a, ulong b)
    {
        unchecked
        {
            ulong w = U64(s, p), x = U64(s, p + 8), y = U64(s, p + 16), z = U64(s, p + 24);
            a += w;
            b = Rot(b + a + z, 21);
            ulong c = a;
            a += x + y;
            b += Rot(a, 44);
            return (a + z, b + c);
        }
    }

    private static ulong Len16(ulong u, ulong v, ulong mul)
    {
        unchecked
        {
            ulong a = (u ^ v) * mul;
            a ^= a >> 47;
            ulong b = (v ^ a) * mul;
            b ^= b >> 47;
            return b * mul;
        }
    }

    private static ulong Mix(ulong v) => v ^ (v >> 47);

    private static ulong Rot(ulong v, int shift) => BitOperations.RotateRight(v, shift);

    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
}
