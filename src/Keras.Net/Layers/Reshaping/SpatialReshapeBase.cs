// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Layers;

/// <summary>
/// The base of ZeroPadding, Cropping and UpSampling over 1 or 2 spatial axes: moves the data to channels-last,
/// transforms one spatial axis at a time, and moves it back.
/// </summary>
public abstract class SpatialReshapeBase : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c> (1-D layers are always channels last).</param>
    /// <param name="name">The layer name.</param>
    protected SpatialReshapeBase(int rank, string dataFormat, string? name)
        : base(name)
    {
        if (dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"The `data_format` argument must be one of \"channels_first\", \"channels_last\". Received: {dataFormat}", nameof(dataFormat));
        }

        Rank = rank;
        DataFormat = dataFormat;
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <summary>The tensor axis of spatial axis <paramref name="i"/> in the layer's data format.</summary>
    /// <param name="i">The spatial axis (0-based).</param>
    /// <returns>The tensor axis.</returns>
    protected int SpatialAxis(int i) => DataFormat == "channels_last" ? 1 + i : 2 + i;

    /// <summary>Transforms one spatial axis.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The tensor axis.</param>
    /// <param name="i">Which spatial axis (0-based).</param>
    /// <returns>The result.</returns>
    protected abstract Tensor Transform(Tensor x, int axis, int i);

    /// <summary>The new length of one spatial axis (null stays null).</summary>
    /// <param name="length">The input length.</param>
    /// <param name="i">Which spatial axis (0-based).</param>
    /// <returns>The output length.</returns>
    protected abstract long? NewLength(long? length, int i);

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor x = inputs;
        for (int i = 0; i < Rank; i++)
        {
            x = Transform(x, SpatialAxis(i), i);
        }

        return scope.Keep(Ops.Alias(x));
    }

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
        long?[] dims = [.. inputShape];
        for (int i = 0; i < Rank; i++)
        {
            dims[SpatialAxis(i)] = NewLength(dims[SpatialAxis(i)], i);
        }

        return new Shape(dims);
    }

    /// <summary>Writes <c>data_format</c> for the 2-D layers (Keras's 1-D ones have none).</summary>
    /// <param name="config">The config.</param>
    protected void WriteDataFormat(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Rank > 1)
        {
            config["data_format"] = DataFormat;
        }
    }
}
