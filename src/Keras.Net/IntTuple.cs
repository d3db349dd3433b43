// SPDX-License-Identifier: Apache-2.0
using System.Collections;
using System.Runtime.CompilerServices;

namespace Keras.Net;

/// <summary>
/// Keras's "an integer or a tuple of integers" argument (<c>kernel_size</c>, <c>strides</c>, <c>pool_size</c>,
/// <c>dilation_rate</c>): write <c>7</c>, <c>[3, 3]</c> or an <c>int[]</c>; one value stands for every spatial axis,
/// as in Keras (<c>Conv1D(128, 7, strides: 3)</c>). The default (no values) means the argument was not given.
/// </summary>
[CollectionBuilder(typeof(IntTuple), nameof(Create))]
public readonly struct IntTuple : IReadOnlyList<int>, IEquatable<IntTuple>
{
    private readonly int[]? _values;

    /// <summary>Creates the tuple.</summary>
    /// <param name="values">The integers.</param>
    public IntTuple(params int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = (int[])values.Clone();
    }

    /// <summary>Whether the argument was given (a default tuple holds no values).</summary>
    public bool IsDefault => _values is null;

    /// <inheritdoc />
    public int Count => _values?.Length ?? 0;

    /// <inheritdoc />
    public int this[int index] => (_values ?? [])[index];

    /// <summary>From a collection expression (<c>[3, 3]</c>).</summary>
    /// <param name="values">The integers.</param>
    /// <returns>The tuple.</returns>
    public static IntTuple Create(ReadOnlySpan<int> values) => new(values.ToArray());

    /// <summary>One integer for every axis.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator IntTuple(int value) => new(value);

    /// <summary>An array of integers (null: not given).</summary>
    /// <param name="values">The integers, or null.</param>
    public static implicit operator IntTuple(int[]? values) => values is null ? default : new(values);

    /// <summary>The integers as an array, or null when not given.</summary>
    /// <param name="tuple">The tuple.</param>
    public static implicit operator int[]?(IntTuple tuple) => tuple._values is null ? null : (int[])tuple._values.Clone();

    /// <summary>One integer for every axis.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The tuple.</returns>
    public static IntTuple FromInt32(int value) => new(value);

    /// <summary>The integers as a new array (empty when not given).</summary>
    /// <returns>The array.</returns>
    public int[] ToArray() => _values is null ? [] : (int[])_values.Clone();

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_values ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(IntTuple other) => (_values ?? []).AsSpan().SequenceEqual(other._values ?? []) && IsDefault == other.IsDefault;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IntTuple other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (_values ?? []).Aggregate(17, (h, v) => (h * 31) + v);

    /// <summary>Equality.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(IntTuple left, IntTuple right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(IntTuple left, IntTuple right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => _values is null ? "None" : "(" + string.Join(", ", _values) + ")";
}
