// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Applies one layer to every timestep of a <c>(batch, steps, ...)</c> input with shared weights (Keras's
/// <c>TimeDistributed</c>): the batch and time axes are merged, the layer runs once, and they are split again.
/// The input mask passes through.
/// </summary>
public sealed class TimeDistributed : Layer
{
    private readonly Layer _layer;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">The layer applied to each step.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public TimeDistributed(Layer layer, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layer = layer;
        SupportsMasking = true;
    }

    /// <summary>The wrapped layer.</summary>
    public Layer Layer => _layer;

    /// <inheritdoc />
    protected internal override IEnumerable<Layer> ChildLayers => [_layer];

    /// <inheritdoc />
    internal override IEnumerable<(string Name, object Child)> CheckpointChildren(bool keepPrivatePrefix) => [("layer", _layer)];

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank < 3)
        {
            throw new ArgumentException($"`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: {inputShape}");
        }

        _layer.EnsureBuilt(StepShape(inputShape));
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Shape s = Ops.ShapeOf(inputs);
        long batch = s[0]!.Value, steps = s[1]!.Value;
        Tensor merged = Ops.Reshape(inputs, [-1, .. s.Skip(2).Select(d => d!.Value)]);
        Tensor y = _layer.Invoke([merged], null, training, out _)[0];
        Shape ys = Ops.ShapeOf(y);
        return scope.Keep(Ops.Reshape(y, [-1, steps, .. ys.Skip(1).Select(d => d!.Value)]));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        Shape inner = _layer.ComputeOutputShape(StepShape(inputShape));
        return new Shape([inputShape[0], inputShape[1], .. inner.Skip(1)]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["layer"] = KerasSerializer.Serialize(_layer);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static TimeDistributed FromConfig(JsonObject config) => ArgumentResolver.FromConfig<TimeDistributed>(config);

    private static Shape StepShape(Shape inputShape) =>
        new([inputShape[0] is long b && inputShape[1] is long t ? b * t : null, .. inputShape.Skip(2)]);
}
