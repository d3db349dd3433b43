// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Serialization;

/// <summary>
/// Makes custom classes (<see cref="Type"/>s) and functions (delegates) resolvable by name while it is
/// alive, for the current async flow (Keras's <c>custom_object_scope</c>). Scopes nest; disposing restores
/// the previous one.
/// </summary>
public sealed class CustomObjectScope : IDisposable
{
    private static readonly AsyncLocal<CustomObjectScope?> Current = new();
    private readonly CustomObjectScope? _previous;
    private bool _disposed;

    /// <summary>Opens a scope.</summary>
    /// <param name="customObjects">Names to <see cref="Type"/>s or delegates.</param>
    public CustomObjectScope(IReadOnlyDictionary<string, object> customObjects)
    {
        ArgumentNullException.ThrowIfNull(customObjects);
        Objects = new Dictionary<string, object>(customObjects, StringComparer.Ordinal);
        _previous = Current.Value;
        Current.Value = this;
    }

    /// <summary>The objects of this scope.</summary>
    public IReadOnlyDictionary<string, object> Objects { get; }

    /// <summary>Looks a name up in the active scopes, innermost first.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The type or delegate.</param>
    /// <returns>Whether it was found.</returns>
    internal static bool TryGet(string name, out object? value)
    {
        for (CustomObjectScope? s = Current.Value; s is not null; s = s._previous)
        {
            if (s.Objects.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The name of a delegate in the active scopes, if any.</summary>
    /// <param name="function">The delegate.</param>
    /// <returns>The name, or null.</returns>
    internal static string? FindName(Delegate function)
    {
        for (CustomObjectScope? s = Current.Value; s is not null; s = s._previous)
        {
            foreach (var (k, v) in s.Objects)
            {
                if (v is Delegate d && d.Equals(function))
                {
                    return k;
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Current.Value = _previous;
        }
    }
}
