// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net.Backend;

/// <summary>Turns tensors into long-lived variable storage.</summary>
internal static class TorchParameters
{
    /// <summary>
    /// Takes ownership of <paramref name="value"/>: the result is detached from any dispose scope and, when
    /// trainable, is a leaf that records gradients.
    /// </summary>
    /// <param name="value">The tensor; disposed.</param>
    /// <param name="trainable">Whether the leaf records gradients.</param>
    /// <param name="exclusive">
    /// The caller guarantees nothing else shares <paramref name="value"/>'s storage (a tensor it just allocated),
    /// so the storage is taken over instead of copied.
    /// </param>
    internal static Tensor Own(Tensor value, bool trainable, bool exclusive = false)
    {
        Tensor leaf;
        using (torch.no_grad())
        using (Tensor detached = value.detach())
        using (Tensor contiguous = detached.contiguous())
        {
            leaf = exclusive ? contiguous.alias() : contiguous.clone();
        }

        value.Dispose();
        leaf.DetachFromDisposeScope();
        if (trainable && leaf.is_floating_point())
        {
            leaf.requires_grad_(true);
        }

        return leaf;
    }
}
