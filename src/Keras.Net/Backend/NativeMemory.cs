// SPDX-License-Identifier: Apache-2.0
using System.Buffers;

namespace Keras.Net.Backend;

/// <summary>A <see cref="Memory{T}"/> over native storage the caller keeps alive and pinned for the lifetime of this object.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class NativeMemory<T> : MemoryManager<T>
    where T : unmanaged
{
    private readonly T* _pointer;
    private readonly int _length;

    internal NativeMemory(T* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<T> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
