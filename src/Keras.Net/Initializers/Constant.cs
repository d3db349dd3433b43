// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>Fills with one value (Keras's <c>Constant</c>, default 0).</summary>
/// <param name="value">The value.</param>
public class Constant(double value = 0.0) : Initializer
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc />
    public override Tensor Call(long[] shape, DType? dtype = null) => Ops.Full(shape, Value, dtype);

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["value"] = Value };
}
