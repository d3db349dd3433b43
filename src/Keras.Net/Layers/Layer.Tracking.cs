// SPDX-License-Identifier: Apache-2.0
using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Keras.Net.Layers;

/// <summary>
/// Attribute tracking: layers and variables held in fields or properties of a user's layer class (directly,
/// or in lists and dictionaries) are its nested layers and weights, in declaration order, as Keras tracks
/// attributes.
/// </summary>
public abstract partial class Layer
{
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> TrackedFieldsCache = new();

    /// <summary>
    /// The layers nested in this one, whose weights count as its weights. The default finds them in the
    /// fields and properties declared by classes outside Keras.Net; built-in containers override it.
    /// </summary>
    protected internal virtual IEnumerable<Layer> ChildLayers =>
        TrackedValues().OfType<Layer>().Where(l => !ReferenceEquals(l, this)).Distinct();

    /// <summary>Variables held directly in the fields of a user's layer class (e.g. <c>Var = new Variable(5)</c>).</summary>
    private IEnumerable<Variable> TrackedVariables => TrackedValues().OfType<Variable>();

    private IEnumerable<object> TrackedValues()
    {
        foreach (FieldInfo f in TrackedFieldsCache.GetOrAdd(GetType(), FindTrackedFields))
        {
            object? value = f.GetValue(this);
            switch (value)
            {
                case null:
                    break;
                case Layer or Variable:
                    yield return value;
                    break;
                case IDictionary dict:
                    foreach (object? item in dict.Values)
                    {
                        if (item is Layer or Variable)
                        {
                            yield return item;
                        }
                    }

                    break;
                case IEnumerable items:
                    foreach (object? item in items)
                    {
                        if (item is Layer or Variable)
                        {
                            yield return item;
                        }
                    }

                    break;
            }
        }
    }

    private static FieldInfo[] FindTrackedFields(Type type)
    {
        var chain = new List<Type>();
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            chain.Add(t);
        }

        chain.Reverse();
        Assembly own = typeof(Layer).Assembly;
        return chain
            .Where(t => t.Assembly != own)
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .OrderBy(f => f.MetadataToken))
            .Where(IsTrackable)
            .ToArray();
    }

    private static bool IsTrackable(FieldInfo f)
    {
        Type t = f.FieldType;
        if (t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(Tensor) || typeof(Delegate).IsAssignableFrom(t))
        {
            return false;
        }

        if (t.IsArray)
        {
            Type e = t.GetElementType()!;
            return !e.IsValueType && e != typeof(string);
        }

        return !t.IsValueType;
    }
}
