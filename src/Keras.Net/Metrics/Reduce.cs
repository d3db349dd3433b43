// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Metrics;

/// <summary>
/// The base of mean-valued metrics (Keras's <c>Reduce</c>): a weighted total and a count, whose ratio is
/// the result. Subclasses feed it through <see cref="Accumulate"/>.
/// </summary>
/// <param name="name">The name.</param>
public abstract class Reduce(string name) : Metric(name)
{
    private Variable? _total;
    private Variable? _count;

    /// <summary>Accumulates values (every element counts; weights broadcast to the values' shape).</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">Optional weights.</param>
    protected void Accumulate(Tensor values, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(values);
        using TensorScope scope = Ops.NewScope();
        Tensor v = Ops.DTypeOf(values).Equals(Backend.DType.Float32) ? values : Ops.Cast(values, Backend.DType.Float32);
        EnsureState(v);
        if (sampleWeight is null)
        {
            Ops.AddInPlace(_total!.Value, Ops.Sum(v));
            Ops.AddInPlace(_count!.Value, Ops.ShapeOf(v).NumElements() ?? 0);
            return;
        }

        Tensor w = Ops.Cast(sampleWeight, Backend.DType.Float32);
        while (Ops.ShapeOf(w).Rank < Ops.ShapeOf(v).Rank)
        {
            w = Ops.ExpandDims(w, -1);
        }

        Tensor broadcastW = Ops.Multiply(Ops.Add(Ops.Multiply(v, 0.0), 1.0), w);
        Ops.AddInPlace(_total!.Value, Ops.Sum(Ops.Multiply(v, broadcastW)));
        Ops.AddInPlace(_count!.Value, Ops.Sum(broadcastW));
    }

    /// <summary>Accumulates one scalar with a weight (e.g. a batch's mean loss weighted by the batch size).</summary>
    /// <param name="value">A scalar tensor.</param>
    /// <param name="weight">Its weight.</param>
    protected void AccumulateScalar(Tensor value, double weight)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureState(value);
        Ops.AddInPlace(_total!.Value, value, weight);
        Ops.AddInPlace(_count!.Value, weight);
    }

    /// <inheritdoc />
    public override Tensor Result()
    {
        if (_total is null)
        {
            return Ops.Scalar(0.0);
        }

        using TensorScope scope = Ops.NewScope();
        Tensor safe = Ops.ClipMin(_count!.Value, 1e-30);
        Tensor isZero = Ops.LessEqual(_count.Value, 0);
        Tensor ratio = Ops.Divide(_total.Value, safe);
        return scope.Keep(Ops.Where(isZero, Ops.Multiply(ratio, 0.0), ratio));
    }

    private void EnsureState(Tensor like)
    {
        if (_total is null)
        {
            _total = AddStateVariable("total", [], Ops.DeviceOf(like));
            _count = AddStateVariable("count", [], Ops.DeviceOf(like));
        }
    }
}
