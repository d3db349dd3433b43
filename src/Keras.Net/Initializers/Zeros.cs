// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>Fills with zeros.</summary>
public sealed class Zeros() : Constant(0.0)
{
    /// <inheritdoc />
    public override JsonObject GetConfig() => [];
}
