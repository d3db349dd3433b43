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
    internal static Tensor Own(Tensor value, bool trainable)
    {
        Tensor leaf;
        using (torch.no_grad())
        using (Tensor detached = value.detach())
        using (Tensor contiguous = detached.contiguous())
        {
            leaf = contiguous.clone();
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
