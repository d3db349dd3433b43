// SPDX-License-Identifier: Apache-2.0
using System.Collections;
using System.Runtime.CompilerServices;

namespace Keras.Net;

/// <summary>
/// A tensor shape as Keras sees it: a read-only list of dimensions where <see langword="null"/> means
/// unknown (Python's <c>None</c>). Write one as a collection expression: <c>Shape s = [null, 784];</c>.
/// </summary>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public sealed class Shape : IReadOnlyList<long?>, IEquatable<Shape>
{
    private readonly long?[] _dims;

    /// <summary>Creates a shape from its dimensions.</summary>
    /// <param name="dims">The dimensions; <see langword="null"/> for unknown ones.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public Shape(IEnumerable<long?> dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        _dims = dims.ToArray();
        foreach (long? d in _dims)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dims), $"Negative dimensions are not allowed. Received: shape={Format(_dims)}");
            }
        }
    }

    /// <summary>The rank-0 shape <c>()</c>.</summary>
    public static Shape Scalar { get; } = new(Array.Empty<long?>());

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <inheritdoc />
    public int Count => _dims.Length;

    /// <summary>Whether every dimension is known.</summary>
    public bool IsFullyDefined => _dims.All(d => d.HasValue);

    /// <inheritdoc />
    public long? this[int index] => _dims[index];

    /// <summary>Builds a shape from a collection expression.</summary>
    /// <param name="dims">The dimensions.</param>
    /// <returns>The shape.</returns>
    public static Shape Create(ReadOnlySpan<long?> dims) => new(dims.ToArray());

    /// <summary>A shape of known dimensions.</summary>
    /// <param name="dims">The dimensions.</param>
    /// <returns>The shape.</returns>
    public static Shape Of(params long[] dims) => new(dims.Select(d => (long?)d));

    /// <summary>The dimensions, failing if any is unknown.</summary>
    /// <returns>The dimensions.</returns>
    /// <exception cref="InvalidOperationException">A dimension is unknown.</exception>
    public long[] ToArray() => IsFullyDefined
        ? _dims.Select(d => d!.Value).ToArray()
        : throw new InvalidOperationException($"Shape {this} has unknown dimensions.");

    /// <summary>This shape with <paramref name="dim"/> prepended (e.g. the batch dimension).</summary>
    /// <param name="dim">The new first dimension.</param>
    /// <returns>The longer shape.</returns>
    public Shape Prepend(long? dim) => new(_dims.Prepend(dim));

    /// <summary>This shape without its first dimension.</summary>
    /// <returns>The shorter shape.</returns>
    public Shape DropFirst() => new(_dims.Skip(1));

    /// <summary>This shape with one dimension replaced.</summary>
    /// <param name="index">The axis (negative counts from the end).</param>
    /// <param name="dim">The new dimension.</param>
    /// <returns>The new shape.</returns>
    public Shape With(int index, long? dim)
    {
        var d = (long?[])_dims.Clone();
        d[index < 0 ? index + d.Length : index] = dim;
        return new Shape(d);
    }

    /// <summary>The product of the dimensions, or <see langword="null"/> if any is unknown.</summary>
    /// <returns>The element count.</returns>
    public long? NumElements()
    {
        long n = 1;
        foreach (long? d in _dims)
        {
            if (d is null)
            {
                return null;
            }

            n *= d.Value;
        }

        return n;
    }

    /// <inheritdoc />
    public IEnumerator<long?> GetEnumerator() => ((IEnumerable<long?>)_dims).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Shape? other) => other is not null && _dims.SequenceEqual(other._dims);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = default(HashCode);
        foreach (long? d in _dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Formats as Python prints a shape tuple: <c>(None, 784)</c>, <c>(3,)</c>, <c>()</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Format(_dims);

    private static string Format(long?[] dims) => dims.Length == 1
        ? $"({Dim(dims[0])},)"
        : "(" + string.Join(", ", dims.Select(Dim)) + ")";

    private static string Dim(long? d) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None";
}
