// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Protos;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>TensorFlow's <c>DataType</c> enum against Keras.Net dtypes (formats.md 0.3).</summary>
internal static class TfDataTypes
{
    internal static DType? ToDType(DataType type) => type switch
    {
        DataType.DtFloat or DataType.DtFloatRef => DType.Float32,
        DataType.DtDouble or DataType.DtDoubleRef => DType.Float64,
        DataType.DtInt32 or DataType.DtInt32Ref => DType.Int32,
        DataType.DtUint8 or DataType.DtUint8Ref => DType.UInt8,
        DataType.DtInt16 or DataType.DtInt16Ref => DType.Int16,
        DataType.DtInt8 or DataType.DtInt8Ref => DType.Int8,
        DataType.DtString or DataType.DtStringRef => DType.String,
        DataType.DtInt64 or DataType.DtInt64Ref => DType.Int64,
        DataType.DtBool or DataType.DtBoolRef => DType.Bool,
        DataType.DtBfloat16 => DType.BFloat16,
        DataType.DtHalf or DataType.DtHalfRef => DType.Float16,
        _ => null,
    };

    /// <summary>
    /// Unsigned types Keras.Net has no tensor for (random-generator states, counters), read widened to the next signed
    /// type that holds every value: DT_UINT16 as int32, DT_UINT32 and DT_UINT64 as int64 (bytes stored, dtype read).
    /// </summary>
    internal static (int StoredBytes, DType Read)? Widened(DataType type) => type switch
    {
        DataType.DtUint16 => (2, DType.Int32),
        DataType.DtUint32 => (4, DType.Int64),
        DataType.DtUint64 => (8, DType.Int64),
        _ => null,
    };

    internal static DataType FromDType(DType dtype) => dtype.Name switch
    {
        "float32" => DataType.DtFloat,
        "float64" => DataType.DtDouble,
        "int32" => DataType.DtInt32,
        "uint8" => DataType.DtUint8,
        "int16" => DataType.DtInt16,
        "int8" => DataType.DtInt8,
        "string" => DataType.DtString,
        "int64" => DataType.DtInt64,
        "bool" => DataType.DtBool,
        "bfloat16" => DataType.DtBfloat16,
        "float16" => DataType.DtHalf,
        _ => throw new NotSupportedException($"dtype {dtype.Name} has no TensorFlow checkpoint type."),
    };

    /// <summary>Bytes per element in a bundle's data file (0 for strings, which are length-prefixed).</summary>
    internal static int ElementSize(DType dtype) => dtype.Name switch
    {
        "float64" or "int64" => 8,
        "float32" or "int32" => 4,
        "float16" or "bfloat16" or "int16" => 2,
        "string" => 0,
        _ => 1,
    };

    /// <summary>TensorFlow's name of a data type (<c>DT_FLOAT</c>), for messages.</summary>
    internal static string Name(DataType type) =>
        "DT_" + System.Text.RegularExpressions.Regex.Replace(type.ToString()[2..], "(?<=[a-z0-9])(?=[A-Z])", "_").ToUpperInvariant();
}
