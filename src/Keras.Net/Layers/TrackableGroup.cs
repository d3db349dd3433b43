// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>
/// A node of the object graph that only groups others: a list or dictionary attribute (TensorFlow's
/// <c>ListWrapper</c>/<c>_DictWrapper</c>, children <c>0</c>, <c>1</c>, ...), an RNN's <c>cell</c>, an optimizer's
/// <c>_variables</c>. Children may be written as slash paths (<c>query/kernel</c>), which nest further groups.
/// </summary>
internal sealed class TrackableGroup
{
    internal TrackableGroup(IReadOnlyList<(string Name, object Child)> children)
    {
        var direct = new List<(string, object)>();
        var nested = new Dictionary<string, List<(string, object)>>(StringComparer.Ordinal);
        foreach (var (name, child) in children)
        {
            int slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                direct.Add((name, child));
                continue;
            }

            string head = name[..slash];
            if (!nested.TryGetValue(head, out var list))
            {
                list = [];
                nested[head] = list;
                direct.Add((head, list));
            }

            list.Add((name[(slash + 1)..], child));
        }

        Children = direct.Select(d => d.Item2 is List<(string, object)> l ? (d.Item1, (object)new TrackableGroup(l)) : d).ToList();
    }

    internal IReadOnlyList<(string Name, object Child)> Children { get; }
}
