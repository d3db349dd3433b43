// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Initializers;

/// <summary>Fills with ones.</summary>
public sealed class Ones() : Constant(1.0)
{
}
