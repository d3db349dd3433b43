// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net;

/// <summary>A scope that frees the tensors created inside it when disposed (see <see cref="Ops.NewScope"/>).</summary>
public sealed class TensorScope : IDisposable
{
    private readonly DisposeScope _scope;

    internal TensorScope(DisposeScope scope) => _scope = scope;

    /// <summary>Moves a tensor out of this scope so that it survives the scope's disposal.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The same tensor.</returns>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.MoveToOuterDisposeScope();
    }

    /// <summary>Moves several tensors out of this scope.</summary>
    /// <param name="tensors">The tensors (null entries are skipped).</param>
    public void Keep(IEnumerable<Tensor?> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (Tensor? t in tensors)
        {
            t?.MoveToOuterDisposeScope();
        }
    }

    /// <summary>How many tensors the scope owns now (tensors created inside it and not yet kept or freed).</summary>
    public int Count => _scope.DisposablesCount;

    /// <inheritdoc />
    public void Dispose() => _scope.Dispose();
}
