// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>
/// The thread's active <see cref="IOpRecorder"/>, if any. <see cref="Ops"/> reports through the helpers here; when no
/// recorder is active they return at once, so the hot path pays one thread-static read per op.
/// </summary>
internal static class OpRecording
{
    [ThreadStatic]
    private static IOpRecorder? _current;

    /// <summary>Whether a recorder listens on this thread (callers skip building attributes when not).</summary>
    internal static bool IsActive => _current is not null;

    /// <summary>The active recorder, or null.</summary>
    internal static IOpRecorder? Current => _current;

    /// <summary>Makes <paramref name="recorder"/> listen until the returned scope is disposed.</summary>
    internal static IDisposable Begin(IOpRecorder recorder) => new Restore(Swap(recorder));

    /// <summary>Silences recording until the returned scope is disposed (a loop's later iterations).</summary>
    internal static IDisposable Pause() => new Restore(Swap(null));

    /// <summary>Reports a layer's call; null when nothing listens.</summary>
    internal static IDisposable? EnterLayer(string name)
    {
        if (_current is not { } r)
        {
            return null;
        }

        r.EnterLayer(name);
        return new LayerExit(r);
    }

    /// <summary>Reports <paramref name="result"/> = <paramref name="op"/>(<paramref name="x"/>); returns <paramref name="result"/>.</summary>
    internal static Tensor Record(string op, Tensor result, Tensor x)
    {
        _current?.Record(op, [result], [x], null);
        return result;
    }

    /// <summary>Reports <paramref name="result"/> = <paramref name="op"/>(<paramref name="a"/>, <paramref name="b"/>); returns <paramref name="result"/>.</summary>
    internal static Tensor Record(string op, Tensor result, Tensor a, Tensor b)
    {
        _current?.Record(op, [result], [a, b], null);
        return result;
    }

    /// <summary>Reports a binary op whose second operand is a number.</summary>
    internal static Tensor RecordScalar(string op, Tensor result, Tensor x, double y)
    {
        _current?.Record(op, [result], [x], new Dictionary<string, object> { ["scalar"] = y });
        return result;
    }

    /// <summary>Reports an op with attributes (callers build them only when <see cref="IsActive"/>).</summary>
    internal static Tensor Record(string op, Tensor result, IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, object> attributes)
    {
        _current?.Record(op, [result], inputs, attributes);
        return result;
    }

    private static IOpRecorder? Swap(IOpRecorder? next)
    {
        IOpRecorder? previous = _current;
        _current = next;
        return previous;
    }

    private sealed class Restore(IOpRecorder? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }

    private sealed class LayerExit(IOpRecorder recorder) : IDisposable
    {
        public void Dispose() => recorder.ExitLayer();
    }
}
