// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Adds rows and columns of zeros around an image (Keras's <c>ZeroPadding2D</c>).</summary>
public sealed class ZeroPadding2D : SpatialReshapeBase
{
    private readonly (int Before, int After)[] _pairs;

    /// <summary>Creates the layer.</summary>
    /// <param name="padding">An int (every side), one int per axis (both sides), or one (before, after) pair per axis.</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="name">The layer name.</param>
    public ZeroPadding2D(object? padding = null, string dataFormat = "channels_last", string? name = null)
        : base(2, dataFormat, name)
    {
        _pairs = SpatialArgs.Pairs(padding ?? 1, 2, "padding");
    }

    /// <summary>(before, after) per spatial axis.</summary>
    public IReadOnlyList<(int Before, int After)> Padding => _pairs;

    /// <inheritdoc />
    protected override Tensor Transform(Tensor x, int axis, int i) => Ops.ZeroPad(x, [.. Enumerable.Range(0, Ops.ShapeOf(x).Rank).Select(a => a == axis ? ((long)_pairs[i].Before, (long)_pairs[i].After) : (0L, 0L))]);

    /// <inheritdoc />
    protected override long? NewLength(long? length, int i) => length + (_pairs[i].Before + _pairs[i].After);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["padding"] = 2 == 1 ? new JsonArray(_pairs[0].Before, _pairs[0].After) : SpatialArgs.PairsJson(_pairs);
        WriteDataFormat(config);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ZeroPadding2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ZeroPadding2D>(config);
}
