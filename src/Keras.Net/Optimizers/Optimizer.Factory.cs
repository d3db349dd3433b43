// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Optimizers;

/// <summary>Optimizers by name.</summary>
public abstract partial class Optimizer
{
    /// <summary>Creates an optimizer with Keras's defaults from its name (<c>"adam"</c>, <c>"SGD"</c>, <c>"rmsprop"</c>, ...).</summary>
    /// <param name="name">The name.</param>
    /// <returns>A new optimizer.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Optimizer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NameRegistry.ToSnakeCase(name).Replace("_", string.Empty, StringComparison.Ordinal) switch
        {
            "sgd" => new SGD(),
            "adam" => new Adam(),
            "adamw" => new AdamW(),
            "rmsprop" => new RMSprop(),
            "adagrad" => new Adagrad(),
            "adadelta" => new Adadelta(),
            "adamax" => new Adamax(),
            "nadam" => new Nadam(),
            _ => throw new ArgumentException($"Could not interpret optimizer identifier: {name}", nameof(name)),
        };
    }
}
