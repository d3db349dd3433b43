// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Flattens every axis but the batch axis. With <c>channels_first</c> data the channels move last first, as Keras does.</summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="dataFormat"><c>channels_last</c> (default) or <c>channels_first</c>.</param>
    /// <param name="name">The layer name.</param>
    public Flatten(string dataFormat = "channels_last", string? name = null)
        : base(name)
    {
        if (dataFormat is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException($"The `data_format` argument must be one of \"channels_first\", \"channels_last\". Received: {dataFormat}", nameof(dataFormat));
        }

        DataFormat = dataFormat;
    }

    /// <summary>The data format.</summary>
    public string DataFormat { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Shape s = Ops.ShapeOf(inputs);
        if (DataFormat == "channels_first" && s.Rank > 2)
        {
            long[] perm = [0, .. Enumerable.Range(2, s.Rank - 2).Select(i => (long)i), 1];
            using Tensor t = Ops.Transpose(inputs, perm);
            return Ops.Reshape(t, [s[0]!.Value, -1]);
        }

        return Ops.Reshape(inputs, [s[0]!.Value, s.Rank == 1 ? 1 : -1]);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        long? rest = inputShape.Rank == 1 ? 1 : inputShape.DropFirst().NumElements();
        return new Shape([inputShape[0], rest]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Flatten FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Flatten>(config);
}
