// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Initializers;

/// <summary>Fills with zeros.</summary>
public sealed class Zeros() : Constant(0.0)
{
}
