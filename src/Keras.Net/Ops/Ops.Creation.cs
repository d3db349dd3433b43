// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Tensor creation.</summary>
public static partial class Ops
{
    /// <summary>A tensor of zeros.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The dtype (default <see cref="KerasBackend.Floatx"/>).</param>
    /// <param name="device">The device (default <see cref="KerasBackend.DefaultDevice"/>).</param>
    /// <returns>The tensor.</returns>
    public static Tensor Zeros(long[] shape, DType? dtype = null, Device? device = null) =>
        Constant(torch.zeros(shape, Scalar(dtype), Dev(device)));

    /// <summary>An uninitialized tensor (its contents are whatever memory held; overwrite it before use).</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Empty(long[] shape, DType? dtype = null, Device? device = null) =>
        torch.empty(shape, Scalar(dtype), Dev(device));

    /// <summary>A tensor of ones.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Ones(long[] shape, DType? dtype = null, Device? device = null) =>
        Constant(torch.ones(shape, Scalar(dtype), Dev(device)));

    /// <summary>A tensor filled with one value.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="value">The value.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Full(long[] shape, double value, DType? dtype = null, Device? device = null) =>
        Constant(torch.full(shape, value, Scalar(dtype), Dev(device)));

    /// <summary>A boolean matrix that is true on and below the diagonal (a causal attention mask).</summary>
    /// <param name="rows">Rows (queries).</param>
    /// <param name="columns">Columns (keys).</param>
    /// <param name="device">The device, or the default.</param>
    /// <returns>The <c>(rows, columns)</c> mask.</returns>
    public static Tensor LowerTriangle(long rows, long columns, Device? device = null)
    {
        using Tensor ones = torch.ones([rows, columns], torch.ScalarType.Bool, Dev(device));
        return Constant(ones.tril());
    }

    /// <summary>The identity matrix (or its rectangular version).</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Eye(long rows, long columns, DType? dtype = null, Device? device = null) =>
        Constant(torch.eye(rows, columns, Scalar(dtype), Dev(device)));

    /// <summary>A tensor holding <paramref name="values"/> with shape <paramref name="shape"/>.</summary>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="shape">The shape; its element count must match.</param>
    /// <param name="device">The device.</param>
    /// <returns>The float32 tensor.</returns>
    public static Tensor FromArray(float[] values, long[] shape, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        if (n != values.Length)
        {
            throw new ArgumentException($"Cannot reshape {values.Length} values into shape {Shape.Of(shape)}.", nameof(shape));
        }

        Tensor t = torch.tensor(values, shape);
        return Constant(device is null || !device.IsCuda ? t : t.to(TorchInterop.ToTorch(device)));
    }

    /// <summary>A tensor holding <paramref name="values"/> with shape <paramref name="shape"/>.</summary>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="device">The device.</param>
    /// <returns>The float64 tensor.</returns>
    public static Tensor FromArray(double[] values, long[] shape, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Tensor t = torch.tensor(values, shape);
        return Constant(device is null || !device.IsCuda ? t : t.to(TorchInterop.ToTorch(device)));
    }

    /// <summary>A tensor holding <paramref name="values"/> with shape <paramref name="shape"/>.</summary>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="shape">The shape.</param>
    /// <returns>The int64 tensor.</returns>
    public static Tensor FromArray(long[] values, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Constant(torch.tensor(values, shape));
    }

    /// <summary>A 2-D float32 tensor from a rectangular array.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The tensor.</returns>
    public static Tensor FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Constant(torch.tensor(values));
    }

    /// <summary>A 2-D float32 tensor from a jagged array whose rows all have the same length.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static Tensor FromArray(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int width = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != width)
            {
                throw new ArgumentException($"Row {i} has {rows[i]?.Length ?? 0} values but row 0 has {width}; a jagged array must be rectangular.", nameof(rows));
            }

            Array.Copy(rows[i], 0, flat, i * width, width);
        }

        return Constant(torch.tensor(flat, [rows.Length, width]));
    }

    /// <summary>A scalar tensor.</summary>
    /// <param name="value">The value.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Scalar(double value, DType? dtype = null, Device? device = null) =>
        Constant(torch.tensor(value, Scalar(dtype), Dev(device)));

    /// <summary>The elements as a float array (row-major), copied to the CPU.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>The values.</returns>
    public static float[] ToFloatArray(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var c = x.detach().to(torch.ScalarType.Float32, torch.CPU);
        return (float[])ToArray(c);
    }

    /// <summary>The elements as a long array (row-major), copied to the CPU.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>The values.</returns>
    public static long[] ToInt64Array(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var c = x.detach().to(torch.ScalarType.Int64, torch.CPU).contiguous();
        return c.data<long>().ToArray();
    }

    /// <summary>The single element of a tensor as a double.</summary>
    /// <param name="x">The one-element tensor.</param>
    /// <returns>The value.</returns>
    public static double ToScalar(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var d = x.detach();
        using var c = d.to(torch.ScalarType.Float64, torch.CPU);
        return c.item<double>();
    }

    /// <summary>The elements as a typed array (row-major) on the CPU: float[], double[], int[], long[], byte[] or bool[].</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>The values.</returns>
    /// <exception cref="NotSupportedException">Another dtype.</exception>
    public static Array ToArray(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var c = x.detach().cpu().contiguous();
        Array result = c.dtype switch
        {
            torch.ScalarType.Float32 => new float[c.numel()],
            torch.ScalarType.Float64 => new double[c.numel()],
            torch.ScalarType.Int32 => new int[c.numel()],
            torch.ScalarType.Int64 => new long[c.numel()],
            torch.ScalarType.Byte => new byte[c.numel()],
            torch.ScalarType.Bool => new bool[c.numel()],
            _ => throw new NotSupportedException($"Cannot export a {c.dtype} tensor."),
        };

        // One block copy of the tensor's bytes (the element-wise accessor is several times slower).
        var target = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(result), checked((int)c.NumberOfElements * (int)c.ElementSize));
        c.bytes.CopyTo(target);
        return result;
    }

    /// <summary>Copies a tensor's elements (row-major) into an existing typed array of the same length and element type.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="destination">float[], double[], int[], long[], byte[] or bool[] matching the tensor's dtype.</param>
    /// <exception cref="ArgumentException">The length or element type does not match.</exception>
    public static void CopyToArray(Tensor x, Array destination)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(destination);
        using var c = x.detach().cpu().contiguous();
        c.bytes.CopyTo(BytesOf(destination, c.dtype, c.numel()));
    }

    /// <summary>Overwrites a tensor's elements in place from a typed array (row-major), without recording gradients.</summary>
    /// <param name="target">The tensor written (any device; its dtype wins).</param>
    /// <param name="source">float[], double[], int[], long[], byte[] or bool[] with the tensor's element count.</param>
    /// <exception cref="ArgumentException">The length does not match or the element type is unsupported.</exception>
    public static void CopyFromArray(Tensor target, Array source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        if (target.device_type == DeviceType.CPU && target.is_contiguous() && ElementTypeOf(target.dtype) == source.GetType().GetElementType())
        {
            // Same dtype on the CPU: one block copy straight into the tensor's storage.
            target.bytes = BytesOf(source, target.dtype, target.numel());
            return;
        }

        using Tensor staged = FromTypedArray(source, target.shape);
        AssignInPlace(target, staged);
    }

    /// <summary>
    /// Lets <paramref name="fill"/> write every element of <paramref name="target"/> through a <see cref="Memory{T}"/>:
    /// the tensor's own storage when it is a contiguous CPU tensor of element type <typeparamref name="T"/> (no copy),
    /// otherwise a staging array copied in afterwards.
    /// </summary>
    /// <typeparam name="T">The element type the producer writes.</typeparam>
    /// <param name="target">The tensor overwritten, without recording gradients.</param>
    /// <param name="fill">Writes exactly the tensor's element count, row-major; must not keep the memory.</param>
    /// <param name="longLived">
    /// The tensor is kept (a variable): on Linux its storage is backed by huge pages before the first write, which makes
    /// filling a fresh large tensor several times faster. Short-lived staging tensors skip it (the kernel's compaction
    /// for huge pages costs more than it saves on memory that is freed again at once).
    /// </param>
    internal static void FillInPlace<T>(Tensor target, Action<Memory<T>> fill, bool longLived = true)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(fill);
        int count = checked((int)target.numel());
        if (target.device_type == DeviceType.CPU && target.is_contiguous() && ElementTypeOf(target.dtype) == typeof(T))
        {
            unsafe
            {
                Span<byte> storage = target.bytes;
                fixed (byte* p = storage)
                {
                    if (longLived)
                    {
                        HugePages.Advise(p, storage.Length);
                    }

                    using var native = new NativeMemory<T>((T*)p, count);
                    fill(native.Memory);
                }
            }

            return;
        }

        var staging = new T[count];
        fill(staging);
        CopyFromArray(target, staging);
    }

    /// <summary>
    /// Lets <paramref name="fill"/> write a tensor's raw element bytes (row-major, little-endian, torch's layout:
    /// bool and 8-bit types one byte, float16/bfloat16 two, ...): straight into the storage of a contiguous CPU
    /// tensor, otherwise into a CPU staging tensor copied in afterwards.
    /// </summary>
    /// <param name="target">The tensor overwritten, without recording gradients.</param>
    /// <param name="fill">Writes exactly the tensor's byte count; must not keep the span.</param>
    /// <param name="longLived">See <see cref="FillInPlace{T}"/>.</param>
    internal static void FillBytesInPlace(Tensor target, Action<Memory<byte>> fill, bool longLived = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(fill);
        bool direct = target.device_type == DeviceType.CPU && target.is_contiguous();
        using Tensor? staging = direct ? null : torch.empty(target.shape, target.dtype, torch.CPU);
        Span<byte> storage = (staging ?? target).bytes;
        unsafe
        {
            fixed (byte* p = storage)
            {
                if (direct && longLived)
                {
                    HugePages.Advise(p, storage.Length);
                }

                using var native = new NativeMemory<byte>(p, storage.Length);
                fill(native.Memory);
            }
        }

        if (staging is not null)
        {
            AssignInPlace(target, staging);
        }
    }

    /// <summary>
    /// Hands a tensor's raw element bytes to <paramref name="use"/> as <see cref="ReadOnlyMemory{T}"/> (so they can be
    /// shared with another thread while <paramref name="use"/> runs): the storage itself for a contiguous CPU tensor,
    /// else a contiguous CPU copy. The memory is valid only during the call.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="use">Reads the bytes; must not keep the memory.</param>
    internal static void WithMemory(Tensor x, Action<ReadOnlyMemory<byte>> use)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(use);
        Tensor source = x.device_type == DeviceType.CPU && x.is_contiguous() ? x : x.detach().cpu().contiguous();
        try
        {
            Span<byte> bytes = source.bytes;
            unsafe
            {
                fixed (byte* p = bytes)
                {
                    using var native = new NativeMemory<byte>(p, bytes.Length);
                    use(native.Memory);
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(source, x))
            {
                source.Dispose();
            }
        }
    }

    private static Type? ElementTypeOf(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Float32 => typeof(float),
        torch.ScalarType.Float64 => typeof(double),
        torch.ScalarType.Int32 => typeof(int),
        torch.ScalarType.Int64 => typeof(long),
        torch.ScalarType.Byte => typeof(byte),
        torch.ScalarType.Bool => typeof(bool),
        _ => null,
    };

    private static Span<byte> BytesOf(Array array, torch.ScalarType dtype, long count)
    {
        if (array.Length != count || ElementTypeOf(dtype) != array.GetType().GetElementType())
        {
            throw new ArgumentException($"Expected a {ElementTypeOf(dtype)?.Name ?? dtype.ToString()}[{count}], got a {array.GetType().GetElementType()?.Name}[{array.Length}].", nameof(array));
        }

        int size = dtype switch
        {
            torch.ScalarType.Float64 or torch.ScalarType.Int64 => 8,
            torch.ScalarType.Float32 or torch.ScalarType.Int32 => 4,
            _ => 1,
        };
        return System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array), checked(array.Length * size));
    }

    /// <summary>A tensor from a typed array (float[], double[], int[], long[], byte[] or bool[]) and a shape.</summary>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="shape">The shape; its element count must match.</param>
    /// <returns>The tensor on the CPU.</returns>
    /// <exception cref="ArgumentException">The count does not match or the element type is unsupported.</exception>
    public static Tensor FromTypedArray(Array values, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        if (n != values.Length)
        {
            throw new ArgumentException($"Cannot reshape {values.Length} values into shape {Shape.Of(shape)}.", nameof(shape));
        }

        return values switch
        {
            float[] f => torch.tensor(f, shape),
            double[] d => torch.tensor(d, shape),
            int[] i => torch.tensor(i, shape),
            long[] l => torch.tensor(l, shape),
            byte[] b => torch.tensor(b, shape),
            bool[] b => torch.tensor(b, shape),
            _ => throw new ArgumentException($"Unsupported element type {values.GetType().GetElementType()?.Name}.", nameof(values)),
        };
    }

    private static torch.ScalarType Scalar(DType? dtype) => TorchInterop.ToTorch(dtype ?? KerasBackend.Floatx);

    private static torch.Device Dev(Device? device) => TorchInterop.ToTorch(device ?? KerasBackend.DefaultDevice);
}
