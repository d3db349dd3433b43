// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Removes rows and columns from the edges of an image (Keras's <c>Cropping2D</c>).</summary>
public sealed class Cropping2D : SpatialReshapeBase
{
    private readonly (int Before, int After)[] _pairs;

    /// <summary>Creates the layer.</summary>
    /// <param name="cropping">An int (every side), one int per axis (both sides), or one (before, after) pair per axis.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="name">The layer name.</param>
    public Cropping2D(object? cropping = null, string dataFormat = "channels_last", string? name = null)
        : base(2, dataFormat, name)
    {
        _pairs = SpatialArgs.Pairs(cropping ?? 0, 2, "cropping");
    }

    /// <summary>(before, after) per spatial axis.</summary>
    public IReadOnlyList<(int Before, int After)> Cropping => _pairs;

    /// <inheritdoc />
    protected override Tensor Transform(Tensor x, int axis, int i) => Crop(x, axis, i);

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        base.Build(inputShape);
        for (int i = 0; i < Rank; i++)
        {
            if (inputShape[SpatialAxis(i)] is long n && n - _pairs[i].Before - _pairs[i].After <= 0)
            {
                throw new ArgumentException($"Layer \"{Name}\": cropping ({_pairs[i].Before}, {_pairs[i].After}) leaves nothing of spatial axis {i} (length {n}) of input shape {inputShape}.");
            }
        }
    }

    /// <inheritdoc />
    protected override long? NewLength(long? length, int i) => length - (_pairs[i].Before + _pairs[i].After);

    private Tensor Crop(Tensor x, int axis, int i)
    {
        long length = Ops.ShapeOf(x)[axis]!.Value - _pairs[i].Before - _pairs[i].After;
        if (length <= 0)
        {
            throw new ArgumentException($"Layer \"{Name}\": cropping ({_pairs[i].Before}, {_pairs[i].After}) leaves nothing of an axis of length {Ops.ShapeOf(x)[axis]}.");
        }

        return Ops.Narrow(x, axis, _pairs[i].Before, length);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["cropping"] = 2 == 1 ? new JsonArray(_pairs[0].Before, _pairs[0].After) : SpatialArgs.PairsJson(_pairs);
        WriteDataFormat(config);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Cropping2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Cropping2D>(config);
}
