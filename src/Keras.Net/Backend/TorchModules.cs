// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net.Backend;

/// <summary>The TorchSharp module calls the TorchModuleWrapper layer needs (only Backend touches torch).</summary>
internal static class TorchModules
{
    /// <summary>The module's parameters with their dotted names (<c>0.weight</c>), in registration order.</summary>
    internal static IReadOnlyList<(string Name, Tensor Parameter, bool Trainable)> Parameters(torch.nn.Module<Tensor, Tensor> module) =>
        module.named_parameters().Select(p => (p.name, (Tensor)p.parameter, p.parameter.requires_grad)).ToArray();

    /// <summary>Runs the module's forward pass.</summary>
    internal static Tensor Forward(torch.nn.Module<Tensor, Tensor> module, Tensor x, bool training)
    {
        if (module.training != training)
        {
            module.train(training);
        }

        return module.forward(x);
    }

    /// <summary>Takes a parameter as variable storage without copying: it leaves any dispose scope and keeps its gradient flag.</summary>
    internal static Tensor Adopt(Tensor parameter)
    {
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
