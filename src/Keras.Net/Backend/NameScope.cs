// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>
/// tf.keras's name scopes: while a layer runs (and builds), variables it creates are named
/// <c>outer/inner/weight</c>. Per thread, because a layer call runs synchronously.
/// </summary>
internal static class NameScope
{
    [ThreadStatic]
    private static List<string>? _stack;

    internal static IDisposable Push(string name)
    {
        _stack ??= new List<string>();
        _stack.Add(name);
        return new Popper(_stack);
    }

    internal static string Qualify(string name) =>
        _stack is null || _stack.Count == 0 ? name : string.Join('/', _stack) + "/" + name;

    private sealed class Popper(List<string> stack) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                stack.RemoveAt(stack.Count - 1);
            }
        }
    }
}
