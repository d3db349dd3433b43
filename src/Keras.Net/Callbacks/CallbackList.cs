// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;

namespace Keras.Net.Callbacks;

/// <summary>Dispatches to several callbacks in order.</summary>
internal sealed class CallbackList(IReadOnlyList<Callback> callbacks, Model model, IReadOnlyDictionary<string, int> parameters)
{
    internal IReadOnlyList<Callback> Items { get; } = Init(callbacks, model, parameters);

    internal bool NeedsBatchLogs => Items.Any(c => c.NeedsBatchLogs);

    internal void Each(Action<Callback> action)
    {
        foreach (Callback c in Items)
        {
            action(c);
        }
    }

    private static IReadOnlyList<Callback> Init(IReadOnlyList<Callback> callbacks, Model model, IReadOnlyDictionary<string, int> parameters)
    {
        foreach (Callback c in callbacks)
        {
            c.Model = model;
            c.Params = parameters;
        }

        return callbacks;
    }
}
