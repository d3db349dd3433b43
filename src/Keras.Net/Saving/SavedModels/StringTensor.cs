// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving.SavedModels;

/// <summary>A string-valued input for a SavedModel signature (TensorFlow's <c>tf.string</c>), row-major.</summary>
/// <param name="Values">The elements (UTF-8 encoded when fed).</param>
/// <param name="Shape">The dimensions; their product must equal the number of values.</param>
public sealed record StringTensor(IReadOnlyList<string> Values, long[] Shape);
