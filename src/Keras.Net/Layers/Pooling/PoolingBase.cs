// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Layers;

/// <summary>
/// The shared machinery of Keras's max and average pooling over 1 to 3 spatial axes: <c>pool_size</c>,
/// <c>strides</c> (default: the pool size), <c>valid</c> or <c>same</c> padding (TensorFlow's split; padded
/// cells never win a max and are left out of a mean) and both data formats.
/// </summary>
public abstract class PoolingBase : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="max">Max pooling when true, average pooling when false.</param>
    /// <param name="poolSize">The window: one value for every axis, or one per axis (default 2).</param>
    /// <param name="strides">The strides: one value or one per axis (default: the pool size).</param>
    /// <param name="padding"><c>valid</c> or <c>same</c>.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="name">The layer name.</param>
    protected PoolingBase(int rank, bool max, int[]? poolSize, int[]? strides, string padding, string dataFormat, string? name)
        : base(name)
    {
        if (padding is not ("valid" or "same"))
        {
            throw new ArgumentException($"Invalid padding: '{padding}'. Expected \"valid\" or \"same\".", nameof(padding));
        }

        if (dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"Invalid data_format: '{dataFormat}'.", nameof(dataFormat));
        }

        Rank = rank;
        IsMax = max;
        PoolSize = SpatialArgs.PerAxis(poolSize ?? [2], rank, "pool_size");
        Strides = SpatialArgs.PerAxis(strides ?? [.. PoolSize], rank, "strides");
        Padding = padding;
        DataFormat = dataFormat;
        SupportsMasking = false;
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>Whether this is max pooling (else average pooling).</summary>
    public bool IsMax { get; }

    /// <summary>Window per spatial axis.</summary>
    public IReadOnlyList<int> PoolSize { get; }

    /// <summary>Stride per spatial axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Padding mode.</summary>
    public string Padding { get; }

    /// <summary>Data format.</summary>
    public string DataFormat { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training) =>
        ConvUtils.InDataFormat(inputs, Rank, DataFormat, PoolSize, Strides, [.. Enumerable.Repeat(1, Rank)], Padding, Name, (x, padding) =>
            Ops.Pool(x, IsMax, [.. PoolSize.Select(v => (long)v)], [.. Strides.Select(v => (long)v)], padding));

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
        bool last = DataFormat == "channels_last";
        int first = last ? 1 : 2;
        long?[] spatial = Enumerable.Range(0, Rank)
            .Select(i => ConvUtils.OutputLength(inputShape[first + i], PoolSize[i], Padding, Strides[i], 1))
            .ToArray();
        return last ? new Shape([inputShape[0], .. spatial, inputShape[^1]]) : new Shape([inputShape[0], inputShape[1], .. spatial]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["pool_size"] = new JsonArray([.. PoolSize.Select(v => (JsonNode)v)]);
        config["padding"] = Padding;
        config["strides"] = new JsonArray([.. Strides.Select(v => (JsonNode)v)]);
        config["data_format"] = DataFormat;
        return config;
    }
}
