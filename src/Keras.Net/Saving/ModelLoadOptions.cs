// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>What <see cref="Models.Model.Load"/> passes to a format.</summary>
/// <param name="CustomObjects">Custom classes and functions by name.</param>
/// <param name="Compile">Compile from the saved training config.</param>
public sealed record ModelLoadOptions(IReadOnlyDictionary<string, object>? CustomObjects = null, bool Compile = true);
