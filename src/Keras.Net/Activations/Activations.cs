// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net;

/// <summary>Keras's built-in activation functions, by name (<c>keras.activations</c>).</summary>
public static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> ByName = new(StringComparer.Ordinal)
    {
        ["linear"] = Linear,
        ["relu"] = Ops.Relu,
        ["sigmoid"] = Ops.Sigmoid,
        ["tanh"] = Ops.Tanh,
        ["softmax"] = x => Ops.Softmax(x, -1),
        ["softplus"] = Ops.Softplus,
        ["softsign"] = Ops.Softsign,
        ["selu"] = Ops.Selu,
        ["elu"] = x => Ops.Elu(x),
        ["gelu"] = x => Ops.Gelu(x),
        ["swish"] = Ops.Silu,
        ["silu"] = Ops.Silu,
        ["exponential"] = Ops.Exp,
        ["hard_sigmoid"] = Ops.HardSigmoid,
        ["leaky_relu"] = x => Ops.LeakyRelu(x, 0.2),
        ["relu6"] = Ops.Relu6,
        ["log_softmax"] = x => Ops.LogSoftmax(x, -1),
    };

    /// <summary>The names of the built-in activations.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>Looks an activation up by name; <see langword="null"/> or empty means <c>linear</c>.</summary>
    /// <param name="name">The Keras name (<c>relu</c>, <c>softmax</c>, ...).</param>
    /// <returns>The function.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Func<Tensor, Tensor> Get(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Linear;
        }

        if (ByName.TryGetValue(name, out Func<Tensor, Tensor>? f))
        {
            return f;
        }

        return Serialization.KerasRegistry.Resolve(name, null) as Func<Tensor, Tensor>
            ?? throw new ArgumentException($"Unknown activation function: '{name}'. Please ensure you are passing it in `customObjects`, opening a CustomObjectScope with it, or registering it with KerasRegistry.RegisterFunction(\"{name}\", fn).", nameof(name));
    }

    /// <summary>The name of a built-in activation function, or <see langword="null"/> for other functions.</summary>
    /// <param name="activation">The function.</param>
    /// <returns>Its Keras name.</returns>
    public static string? NameOf(Func<Tensor, Tensor> activation) =>
        ByName.FirstOrDefault(kv => kv.Value == activation).Key;

    /// <summary>The identity activation; returns a new tensor object sharing the input's storage.</summary>
    /// <param name="x">The input.</param>
    /// <returns>x.</returns>
    public static Tensor Linear(Tensor x) => Ops.Alias(x);
}
