// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Constraints;

/// <summary>Sets negative weights to zero.</summary>
public sealed class NonNeg : Constraint
{
    /// <inheritdoc />
    public override Tensor Call(Tensor weight) => Ops.ClipMin(weight, 0);
}
