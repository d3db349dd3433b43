// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Scales each sample to unit L2 norm over <c>axis</c>: <c>x / sqrt(max(sum x^2, 1e-12))</c> (Keras's <c>UnitNormalization</c>).</summary>
public sealed class UnitNormalization : Layer
{
    private readonly int[] _axes;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis or axes (an int or a list; default -1).</param>
    /// <param name="name">The layer name.</param>
    public UnitNormalization(object? axis = null, string? name = null)
        : base(name)
    {
        _axes = axis switch
        {
            null => [-1],
            int i => [i],
            double d => [(int)d],
            int[] list => list,
            JsonValue v => [v.GetValue<int>()],
            JsonArray a => a.Select(n => n!.GetValue<int>()).ToArray(),
            _ => throw new ArgumentException($"Invalid value for `axis` argument: expected an int or a list of ints. Received: axis={axis}", nameof(axis)),
        };
        SupportsMasking = true;
    }

    /// <summary>The normalized axes.</summary>
    public IReadOnlyList<int> Axis => _axes;

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        long[] axes = [.. _axes.Select(a => (long)a)];
        Tensor squares = Ops.Sum(Ops.Square(inputs), axes, keepDims: true);
        return scope.Keep(Ops.Divide(inputs, Ops.Sqrt(Ops.ClipMin(squares, 1e-12))));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = _axes.Length == 1 ? _axes[0] : new JsonArray([.. _axes.Select(a => (JsonNode)a)]);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static UnitNormalization FromConfig(JsonObject config) => ArgumentResolver.FromConfig<UnitNormalization>(config);
}
