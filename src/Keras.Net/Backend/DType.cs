// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>A Keras dtype, named as Keras names it (<c>"float32"</c>, <c>"int64"</c>, ...).</summary>
public sealed class DType : IEquatable<DType>
{
    private static readonly Dictionary<string, DType> ByName = new(StringComparer.Ordinal);

    private DType(string name, bool isFloating)
    {
        Name = name;
        IsFloating = isFloating;
        ByName[name] = this;
    }

    /// <summary>32-bit float, Keras's default <c>floatx</c>.</summary>
    public static DType Float32 { get; } = new("float32", true);

    /// <summary>64-bit float.</summary>
    public static DType Float64 { get; } = new("float64", true);

    /// <summary>16-bit float.</summary>
    public static DType Float16 { get; } = new("float16", true);

    /// <summary>bfloat16.</summary>
    public static DType BFloat16 { get; } = new("bfloat16", true);

    /// <summary>8-bit signed integer.</summary>
    public static DType Int8 { get; } = new("int8", false);

    /// <summary>8-bit unsigned integer.</summary>
    public static DType UInt8 { get; } = new("uint8", false);

    /// <summary>16-bit signed integer.</summary>
    public static DType Int16 { get; } = new("int16", false);

    /// <summary>32-bit signed integer.</summary>
    public static DType Int32 { get; } = new("int32", false);

    /// <summary>64-bit signed integer.</summary>
    public static DType Int64 { get; } = new("int64", false);

    /// <summary>Boolean.</summary>
    public static DType Bool { get; } = new("bool", false);

    /// <summary>Byte strings (TensorFlow's <c>tf.string</c>; checkpoint entries such as the object graph). No tensor math.</summary>
    public static DType String { get; } = new("string", false);

    /// <summary>The Keras name.</summary>
    public string Name { get; }

    /// <summary>Whether this is a floating-point type.</summary>
    public bool IsFloating { get; }

    /// <summary>Looks a dtype up by its Keras name (<c>"float"</c> and <c>"double"</c> are accepted too).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The dtype.</returns>
    /// <exception cref="ArgumentException">The name is not a known dtype.</exception>
    public static DType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name switch
        {
            "float" => "float32",
            "double" => "float64",
            "half" => "float16",
            "int" => "int32",
            "long" => "int64",
            _ => name,
        };
        return ByName.TryGetValue(n, out DType? d)
            ? d
            : throw new ArgumentException($"Invalid dtype: {name}", nameof(name));
    }

    /// <inheritdoc />
    public bool Equals(DType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Name;
}
