// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using TorchModule = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace Keras.Net.Layers;

/// <summary>
/// Uses any TorchSharp module as a Keras layer (Keras 3's <c>TorchModuleWrapper</c>). The module's parameters
/// become the layer's weights, shared rather than copied, named after the parameters with dots as scopes
/// (<c>torch_module_wrapper/0/weight:0</c>); training updates them in place, so the module sees every step. The
/// call runs <c>module.forward</c> (switching the module's train/eval mode to match). The layer has no portable
/// config: saving whole models that contain it needs the class in <c>customObjects</c> on load; weights-only
/// files work as for any layer. Move the module to its device before wrapping it.
/// </summary>
public sealed class TorchModuleWrapper : Layer
{
    private readonly TorchModule _module;

    /// <summary>Wraps a module.</summary>
    /// <param name="module">A TorchSharp module with one tensor input and one tensor output.</param>
    /// <param name="name">The layer name.</param>
    public TorchModuleWrapper(TorchModule module, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(module);
        _module = module;
        using (NameScope.Push(Name))
        {
            foreach (var (parameterName, parameter, trainable) in TorchModules.Parameters(module))
            {
                AdoptWeight(parameterName.Replace('.', '/'), parameter, trainable);
            }
        }
    }

    /// <summary>The wrapped module.</summary>
    public TorchModule Module => _module;

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) => TorchModules.Forward(_module, inputs, training);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["module"] = null;
        return config;
    }

    /// <summary>Always fails: a config cannot carry a TorchSharp module.</summary>
    /// <param name="config">The config.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="KerasFormatException">Always.</exception>
    public static TorchModuleWrapper FromConfig(JsonObject config) =>
        throw new KerasFormatException(
            "A TorchModuleWrapper config cannot carry its TorchSharp module (Keras 3 stores a pickled Python torch module, which .NET cannot run). " +
            "Build the module in C#, wrap it, and pass a factory class under the name \"TorchModuleWrapper\" in customObjects, or load weights only.");
}
