// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Saving.SavedModels;

/// <summary>A signature argument or result: its dtype and shape (null dimensions are unknown, as Python's <c>None</c>).</summary>
/// <param name="Name">The key in the signature.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions; null when even the rank is unknown.</param>
public sealed record TensorSpec(string Name, DType DType, long?[]? Shape);
