// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Layers;

/// <summary>
/// The shared machinery of Keras's global max and average pooling: reduces every spatial axis, optionally keeping
/// them as size 1 (<c>keepdims</c>). Global average pooling over time honours a mask (masked steps are left out
/// of the mean), as Keras does.
/// </summary>
public abstract class GlobalPoolingBase : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="max">Max when true, mean when false.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="keepdims">Keep the reduced axes with size 1.</param>
    /// <param name="name">The layer name.</param>
    protected GlobalPoolingBase(int rank, bool max, string dataFormat, bool keepdims, string? name)
        : base(name)
    {
        if (dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"Invalid data_format: '{dataFormat}'.", nameof(dataFormat));
        }

        Rank = rank;
        IsMax = max;
        DataFormat = dataFormat;
        Keepdims = keepdims;
        SupportsMasking = !max && rank == 1;
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>Whether this takes the maximum (else the mean).</summary>
    public bool IsMax { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <summary>Whether the reduced axes are kept with size 1.</summary>
    public bool Keepdims { get; }

    private long[] Axes => [.. Enumerable.Range(DataFormat == "channels_last" ? 1 : 2, Rank).Select(i => (long)i)];

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, Tensor? mask, bool training)
    {
        if (IsMax)
        {
            using TensorScope maxScope = Ops.NewScope();
            Tensor y = inputs;
            foreach (long axis in Axes.Reverse())
            {
                y = Ops.Max(y, axis, Keepdims);
            }

            return maxScope.Keep(Ops.Alias(y));
        }

        if (mask is null)
        {
            return Ops.Mean(inputs, Axes, Keepdims);
        }

        using TensorScope scope = Ops.NewScope();
        long stepAxis = Axes[0];
        long channelAxis = DataFormat == "channels_last" ? 2 : 1;
        Tensor weights = Ops.ExpandDims(Ops.Cast(mask, Ops.DTypeOf(inputs)), channelAxis);
        Tensor sum = Ops.Sum(Ops.Multiply(inputs, weights), [stepAxis], Keepdims);
        Tensor count = Ops.Sum(weights, [stepAxis], Keepdims);
        return scope.Keep(Ops.Divide(sum, count));
    }

    /// <inheritdoc />
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => null;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank != Rank + 2)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim={Rank + 2}, found ndim={inputShape.Rank}. Full shape received: {inputShape}");
        }
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        long[] axes = Axes;
        return Keepdims
            ? new Shape(inputShape.Select((d, i) => axes.Contains(i) ? 1 : d))
            : new Shape(inputShape.Where((_, i) => !axes.Contains(i)));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["data_format"] = DataFormat;
        config["keepdims"] = Keepdims;
        return config;
    }
}
