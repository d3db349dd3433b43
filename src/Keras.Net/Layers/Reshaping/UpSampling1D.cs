// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Repeats each step <c>size</c> times along the time axis (Keras's <c>UpSampling1D</c>).</summary>
public sealed class UpSampling1D : SpatialReshapeBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="size">How many copies of each step.</param>
    /// <param name="name">The layer name.</param>
    public UpSampling1D(int size = 2, string? name = null)
        : base(1, "channels_last", name)
    {
        Size = SpatialArgs.PerAxis(size, 1, "size")[0];
    }

    /// <summary>Copies per step.</summary>
    public int Size { get; }

    /// <inheritdoc />
    protected override Tensor Transform(Tensor x, int axis, int i) => Ops.RepeatEach(x, Size, axis);

    /// <inheritdoc />
    protected override long? NewLength(long? length, int i) => length * Size;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["size"] = Size;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static UpSampling1D FromConfig(JsonObject config) => ArgumentResolver.FromConfig<UpSampling1D>(config);
}
