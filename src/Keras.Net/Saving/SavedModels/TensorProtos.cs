// SPDX-License-Identifier: Apache-2.0
using System.Runtime.InteropServices;
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.SavedModels;

/// <summary>TensorFlow's <c>TensorProto</c> (constants in graphs) to interpreter values (formats.md 4.2).</summary>
internal static class TensorProtos
{
    /// <summary>Constants above this many elements are refused (graphs hold shapes and small tables, not weights).</summary>
    private const long MaxElements = 1L << 26;

    /// <summary>String constants above this many elements are refused (each is a managed array).</summary>
    private const long MaxStrings = 1L << 20;

    internal static GraphValue ToValue(TensorProto proto, string where)
    {
        DType dtype = TfDataTypes.ToDType(proto.Dtype) ?? throw new NotSupportedException($"{where}: constants of type {TfDataTypes.Name(proto.Dtype)} are not supported.");
        long[] shape = proto.TensorShape?.Dim.Select(d => d.Size).ToArray() ?? [];
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0 || (d > 0 && count > MaxElements / d))
            {
                throw new InvalidOperationException($"{where}: constant shape [{string.Join(", ", shape)}] is invalid or too large.");
            }

            count *= d;
        }

        if (dtype.Equals(DType.String))
        {
            if (count > Math.Max(MaxStrings, proto.StringVal.Count))
            {
                throw new InvalidOperationException($"{where}: a string constant of {count} elements is larger than this interpreter accepts ({MaxStrings}).");
            }

            var values = new byte[count][];
            for (long i = 0; i < count; i++)
            {
                values[i] = proto.StringVal.Count == 0 ? [] : proto.StringVal[(int)Math.Min(i, proto.StringVal.Count - 1)].ToByteArray();
            }

            return GraphValue.OfStrings(values, shape);
        }

        Tensor result = Ops.Empty(shape, dtype, Device.Cpu);
        int size = TfDataTypes.ElementSize(dtype);
        if (!proto.TensorContent.IsEmpty)
        {
            if (proto.TensorContent.Length != count * size)
            {
                result.Dispose();
                throw new InvalidOperationException($"{where}: tensor_content holds {proto.TensorContent.Length} bytes for {count} elements of {dtype.Name}.");
            }

            Ops.FillBytesInPlace(result, bytes => proto.TensorContent.Span.CopyTo(bytes.Span), longLived: false);
            return GraphValue.Of(result);
        }

        byte[] raw = Repeat(Typed(proto, dtype), size, count, where);
        Ops.FillBytesInPlace(result, bytes => raw.CopyTo(bytes.Span), longLived: false);
        return GraphValue.Of(result);
    }

    /// <summary>A tensor's value as a <c>TensorProto</c> (its bytes in <c>tensor_content</c>), for a traced graph's constants.</summary>
    internal static TensorProto FromTensor(Tensor tensor)
    {
        DType dtype = Ops.DTypeOf(tensor);
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(Ops.ShapeOf(tensor).ToArray().Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        byte[] bytes = [];
        Ops.WithMemory(tensor, memory => bytes = memory.ToArray());
        return new TensorProto { Dtype = TfDataTypes.FromDType(dtype), TensorShape = shape, TensorContent = Google.Protobuf.ByteString.CopyFrom(bytes) };
    }

    /// <summary>The little-endian bytes of the typed <c>*_val</c> field that matches the dtype.</summary>
    private static byte[] Typed(TensorProto p, DType dtype) => dtype.Name switch
    {
        "float32" => MemoryMarshal.AsBytes(p.FloatVal.ToArray().AsSpan()).ToArray(),
        "float64" => MemoryMarshal.AsBytes(p.DoubleVal.ToArray().AsSpan()).ToArray(),
        "int64" => MemoryMarshal.AsBytes(p.Int64Val.ToArray().AsSpan()).ToArray(),
        "int32" => MemoryMarshal.AsBytes(p.IntVal.ToArray().AsSpan()).ToArray(),
        "int16" => p.IntVal.SelectMany(v => BitConverter.GetBytes((short)v)).ToArray(),
        "int8" or "uint8" => p.IntVal.Select(v => (byte)v).ToArray(),
        "bool" => p.BoolVal.Select(v => v ? (byte)1 : (byte)0).ToArray(),
        "float16" or "bfloat16" => p.HalfVal.SelectMany(v => BitConverter.GetBytes((ushort)v)).ToArray(),
        _ => [],
    };

    /// <summary>TensorFlow's rule: a shorter list repeats its last value to fill the shape (an empty one means zeros).</summary>
    private static byte[] Repeat(byte[] given, int size, long count, string where)
    {
        long have = size == 0 ? 0 : given.Length / size;
        if (have > count)
        {
            throw new InvalidOperationException($"{where}: the constant holds {have} values for {count} elements.");
        }

        var result = new byte[count * size];
        given.CopyTo(result, 0);
        for (long i = have; i < count && have > 0; i++)
        {
            Array.Copy(given, (have - 1) * size, result, i * size, size);
        }

        return result;
    }
}
