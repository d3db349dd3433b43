// SPDX-License-Identifier: Apache-2.0
using System.Collections;
using System.Reflection;
using Keras.Net.Backend;

namespace Keras.Net.Layers;

/// <summary>
/// The layer's edges in a TensorFlow object graph (formats.md 3.7): its own weights under their names, variables
/// in nested name scopes under a group per scope, then the layers, variables and collections held in members of a
/// user's class under the member's snake_case name.
/// </summary>
public abstract partial class Layer
{
    /// <summary>The named dependencies written to and matched in object-based checkpoints, in tracking order.</summary>
    /// <param name="keepPrivatePrefix">
    /// Name members as Python attributes, keeping a leading underscore (<c>_customLayers</c> -> <c>_custom_layers</c>),
    /// as Keras 3's weights files do; object-graph edges drop it (design.md).
    /// </param>
    internal virtual IEnumerable<(string Name, object Child)> CheckpointChildren(bool keepPrivatePrefix)
    {
        // Variables in nested scopes (lstm/lstm_cell/kernel) become "scope/kernel" paths that TrackableGroup nests.
        var own = new List<(string Name, object Child)>();
        foreach (Variable v in _ownVariables)
        {
            string[] scopes = ScopesWithin(v);
            own.Add((scopes.Length == 0 ? v.ShortName : string.Join("/", scopes.Skip(1).Append(v.ShortName).Prepend(CheckpointScopeEdge(scopes[0]))), v));
        }

        var result = new TrackableGroup(own).Children.ToList();

        foreach (var (field, value) in TrackedMembers())
        {
            string edge = MemberEdgeName(field.Name, keepPrivatePrefix);
            object? child = value switch
            {
                Layer or Variable => value,
                IDictionary dict => new TrackableGroup(dict.Keys.Cast<object>()
                    .Where(k => dict[k] is Layer or Variable)
                    .Select(k => (k.ToString() ?? string.Empty, dict[k]!)).ToList()),
                IEnumerable items => new TrackableGroup(items.Cast<object?>()
                    .Select((item, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), item))
                    .Where(p => p.item is Layer or Variable)
                    .Select(p => (p.Item1, p.item!)).ToList()),
                _ => null,
            };
            if (child is not null && !ReferenceEquals(child, this) && !result.Any(r => r.Name == edge && ReferenceEquals(r.Child, child)))
            {
                result.Add((edge, child));
            }
        }

        return result;
    }

    /// <summary>The edge name of a variable scope opened inside this layer (MultiHeadAttention: <c>query</c> -> <c>_query_dense</c>).</summary>
    /// <param name="scope">The scope's name.</param>
    /// <returns>The edge name.</returns>
    private protected virtual string CheckpointScopeEdge(string scope) => scope;

    /// <summary>Keras's attribute name for a member: <c>_denseLayers</c> -> <c>dense_layers</c>, auto-property <c>Var</c> -> <c>var</c>.</summary>
    internal static string MemberEdgeName(string fieldName, bool keepPrivatePrefix)
    {
        string name = fieldName;
        if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is int end and > 0)
        {
            name = name[1..end];
        }

        bool isPrivate = name.StartsWith('_');
        name = name.TrimStart('_');
        if (name.Length == 0)
        {
            return fieldName;
        }

        string snake = NameRegistry.ToSnakeCase(name);
        return isPrivate && keepPrivatePrefix ? "_" + snake : snake;
    }

    /// <summary>The scopes between this layer's name and the variable's own name in its path (<c>lstm/lstm_cell/kernel</c> -> <c>lstm_cell</c>).</summary>
    private string[] ScopesWithin(Variable v)
    {
        string[] parts = v.Path.Split('/');
        int at = Array.LastIndexOf(parts, Name, parts.Length - 2);
        return at < 0 ? [] : parts[(at + 1)..^1];
    }

    private IEnumerable<(FieldInfo Field, object Value)> TrackedMembers()
    {
        foreach (FieldInfo f in TrackedFieldsCache.GetOrAdd(GetType(), FindTrackedFields))
        {
            if (f.GetValue(this) is { } value)
            {
                yield return (f, value);
            }
        }
    }
}
