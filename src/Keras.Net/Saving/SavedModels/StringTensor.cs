// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving.SavedModels;

/// <summary>A string-valued input or output of a SavedModel signature (TensorFlow's <c>tf.string</c>), row-major.</summary>
/// <param name="Values">The elements (UTF-8 encoded when fed; decoded as UTF-8 when read).</param>
/// <param name="Shape">The dimensions; their product must equal the number of values.</param>
public sealed record StringTensor(IReadOnlyList<string> Values, long[] Shape)
{
    /// <summary>The elements' raw bytes (a serialized <c>tf.Example</c> is not text); null when made from strings.</summary>
    public IReadOnlyList<byte[]>? Bytes { get; init; }

    /// <summary>A string tensor of raw byte strings (serialized protos such as <c>tf.Example</c>).</summary>
    /// <param name="values">The elements.</param>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The tensor; <see cref="Values"/> shows the bytes decoded as UTF-8.</returns>
    public static StringTensor FromBytes(IReadOnlyList<byte[]> values, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new StringTensor(values.Select(v => System.Text.Encoding.UTF8.GetString(v)).ToList(), shape) { Bytes = values };
    }

    /// <summary>The elements as bytes: <see cref="Bytes"/>, or <see cref="Values"/> encoded as UTF-8.</summary>
    internal byte[][] Encoded() => Bytes?.ToArray() ?? Values.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
}
