// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

using System.Text.Json.Nodes;

namespace Keras.Net.Initializers;

/// <summary>The (rectangular) identity matrix times <see cref="Gain"/> (Keras's <c>Identity</c>); 2-D shapes only.</summary>
/// <param name="gain">The multiplicative factor.</param>
public sealed class Identity(double gain = 1.0) : Initializer
{
    /// <summary>The multiplicative factor.</summary>
    public double Gain { get; } = gain;

    /// <inheritdoc />
    public override Tensor Call(long[] shape, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 2)
        {
            throw new ArgumentException($"Identity matrix initializer can only be used for 2D matrices. Received: shape={Shape.Of(shape)} of rank {shape.Length}.", nameof(shape));
        }

        using Tensor eye = Ops.Eye(shape[0], shape[1], dtype);
        return Ops.Multiply(eye, Gain);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => new() { ["gain"] = Gain };
}
