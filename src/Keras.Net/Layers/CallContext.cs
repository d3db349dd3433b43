// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>What layers add while a model runs: losses (<c>AddLoss</c>) and metric values (<c>AddMetric</c>). Per thread.</summary>
internal sealed class CallContext : IDisposable
{
    [ThreadStatic]
    private static CallContext? _current;

    private readonly CallContext? _previous;

    private CallContext()
    {
        _previous = _current;
        _current = this;
    }

    internal static CallContext? Current => _current;

    internal List<Tensor> Losses { get; } = [];

    internal List<(string Name, Tensor Value)> Metrics { get; } = [];

    internal static CallContext Begin() => new();

    public void Dispose() => _current = _previous;
}
