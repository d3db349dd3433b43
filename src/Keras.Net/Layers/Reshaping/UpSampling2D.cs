// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Repeats rows and columns (nearest-neighbour upsampling; Keras's <c>UpSampling2D</c>).</summary>
public sealed class UpSampling2D : SpatialReshapeBase
{
    private readonly int[] _size;

    /// <summary>Creates the layer.</summary>
    /// <param name="size">An int or one factor per axis (default 2, 2).</param>
    /// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>.</param>
    /// <param name="interpolation">Only <c>nearest</c> is supported; other values fail here.</param>
    /// <param name="name">The layer name.</param>
    public UpSampling2D(object? size = null, string dataFormat = "channels_last", string interpolation = "nearest", string? name = null)
        : base(2, dataFormat, name)
    {
        if (interpolation != "nearest")
        {
            throw new NotSupportedException($"UpSampling2D(interpolation=\"{interpolation}\") is not supported by Keras.Net; use \"nearest\".");
        }

        _size = SpatialArgs.PerAxis(size ?? 2, 2, "size");
    }

    /// <summary>Factor per axis.</summary>
    public IReadOnlyList<int> Size => _size;

    /// <inheritdoc />
    protected override Tensor Transform(Tensor x, int axis, int i) => Ops.RepeatEach(x, _size[i], axis);

    /// <inheritdoc />
    protected override long? NewLength(long? length, int i) => length * _size[i];

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["size"] = new JsonArray(_size[0], _size[1]);
        config["data_format"] = DataFormat;
        config["interpolation"] = "nearest";
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static UpSampling2D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<UpSampling2D>(config);
}
