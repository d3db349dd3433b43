// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;

namespace Keras.Net.Serialization;

/// <summary>Resolves constructor arguments given as names or objects (Keras's <c>initializers.get</c> and friends).</summary>
public static class ArgumentResolver
{
    /// <summary>An initializer from a name, an object, or null.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The initializer, or null.</returns>
    /// <exception cref="ArgumentException">The argument is neither.</exception>
    public static Initializer? Initializer(object? value) => value switch
    {
        null => null,
        Initializer i => i,
        string s => Initializers.Initializer.Get(s),
        _ => throw new ArgumentException($"Could not interpret initializer identifier: {value}"),
    };

    /// <summary>A regularizer from a name, an object, or null.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The regularizer, or null.</returns>
    /// <exception cref="ArgumentException">The argument is neither.</exception>
    public static Regularizer? Regularizer(object? value) => value switch
    {
        null => null,
        Regularizer r => r,
        string s => Regularizers.Regularizer.Get(s),
        _ => throw new ArgumentException($"Could not interpret regularizer identifier: {value}"),
    };

    /// <summary>A constraint from a name, an object, or null.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The constraint, or null.</returns>
    /// <exception cref="ArgumentException">The argument is neither.</exception>
    public static Constraint? Constraint(object? value) => value switch
    {
        null => null,
        Constraint c => c,
        string s => Constraints.Constraint.Get(s),
        _ => throw new ArgumentException($"Could not interpret constraint identifier: {value}"),
    };

    /// <summary>Creates <typeparamref name="T"/> from a config with the constructor binder (<c>cls(**config)</c>).</summary>
    /// <typeparam name="T">The class.</typeparam>
    /// <param name="config">The config.</param>
    /// <param name="customObjects">Custom objects for nested objects.</param>
    /// <returns>The object.</returns>
    /// <exception cref="KerasFormatException">The config does not fit the class.</exception>
    public static T FromConfig<T>(JsonObject config, IReadOnlyDictionary<string, object>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (T)ConfigBinder.Construct(typeof(T), config, new DeserializationContext(customObjects), "$");
    }
}
