// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>
/// A stateful metric (Keras's <c>keras.metrics.Metric</c>): <see cref="UpdateState"/> accumulates batches
/// into state variables, <see cref="Result"/> reads the value, <see cref="ResetState"/> starts over. State
/// lives in tensors on the data's device, so updating does not synchronize.
/// </summary>
public abstract partial class Metric : IDisposable, IKerasSerializable
{
    private readonly List<(Variable Variable, double Initial)> _state = [];

    /// <summary>Initializes the metric.</summary>
    /// <param name="name">The name (the key in training logs).</param>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name (the key in training logs and <c>History</c>).</summary>
    public string Name { get; }

    /// <summary>tf.keras's metric config: <c>name</c>, <c>dtype</c>, then the metric's own arguments.</summary>
    /// <returns>The config.</returns>
    public virtual JsonObject GetConfig() => new() { ["name"] = Name, ["dtype"] = "float32" };

    /// <summary>The state variables.</summary>
    public IReadOnlyList<Variable> Variables => _state.Select(s => s.Variable).ToArray();

    /// <summary>Accumulates one batch of targets and predictions.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <exception cref="NotSupportedException">The metric is not computed from predictions (e.g. <see cref="Mean"/>).</exception>
    public virtual void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new NotSupportedException($"Metric \"{Name}\" ({GetType().Name}) is not computed from predictions; use its own UpdateState overload.");

    /// <summary>The current value as a scalar tensor.</summary>
    /// <returns>The value; the caller owns it.</returns>
    public abstract Tensor Result();

    /// <summary>The current value as a number.</summary>
    /// <returns>The value (0 before any update).</returns>
    public double ResultValue()
    {
        if (_state.Count == 0)
        {
            return 0.0;
        }

        using Tensor r = Result();
        return Ops.ToScalar(r);
    }

    /// <summary>Resets the state to its initial values.</summary>
    public virtual void ResetState()
    {
        foreach (var (v, init) in _state)
        {
            using Tensor t = Ops.Full(v.Shape.ToArray(), init, v.DType, v.Device);
            Ops.AssignInPlace(v.Value, t);
        }
    }

    /// <summary>Creates (on first use) a state variable on <paramref name="device"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="device">The device of the data.</param>
    /// <param name="initialValue">The starting value.</param>
    /// <returns>The variable.</returns>
    protected Variable AddStateVariable(string name, long[] shape, Device device, double initialValue = 0.0)
    {
        var v = new Variable(name, $"{Name}/{name}", Ops.Full(shape, initialValue, DType.Float32, device), false, null);
        _state.Add((v, initialValue));
        return v;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (v, _) in _state)
        {
            v.Dispose();
        }

        _state.Clear();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"<{GetType().Name} name={Name}>";
}
