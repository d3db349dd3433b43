// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>Fills with ones.</summary>
public sealed class Ones() : Constant(1.0)
{
    /// <inheritdoc />
    public override JsonObject GetConfig() => [];
}
