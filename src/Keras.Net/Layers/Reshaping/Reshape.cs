// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Reshapes each sample to <see cref="TargetShape"/> (one dimension may be -1).</summary>
public sealed class Reshape : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="targetShape">The shape of one sample, without the batch dimension.</param>
    /// <param name="name">The layer name.</param>
    public Reshape(long[] targetShape, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Count(d => d == -1) > 1 || targetShape.Any(d => d < -1 || d == 0))
        {
            throw new ArgumentException($"There must be at most one unknown dimension (-1) and no zero or negative dimensions in target_shape. Received: target_shape={Shape.Of(targetShape.Select(d => Math.Max(d, 0)).ToArray())}", nameof(targetShape));
        }

        TargetShape = targetShape.ToArray();
    }

    /// <summary>The target shape of one sample.</summary>
    public IReadOnlyList<long> TargetShape { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        long batch = Ops.ShapeOf(inputs)[0]!.Value;
        return Ops.Reshape(inputs, [batch, .. TargetShape]);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        long? total = inputShape.DropFirst().NumElements();
        long known = TargetShape.Where(d => d != -1).Aggregate(1L, (a, b) => a * b);
        if (total is long t && !TargetShape.Contains(-1) && t != known)
        {
            throw new ArgumentException($"total size of new array must be unchanged, input_shape = {inputShape.DropFirst()}, output_shape = {Shape.Of([.. TargetShape])}");
        }

        if (total is long t2 && TargetShape.Contains(-1) && t2 % known != 0)
        {
            throw new ArgumentException($"total size of new array must be unchanged, input_shape = {inputShape.DropFirst()}, output_shape = {Shape.Of([.. TargetShape.Select(d => Math.Max(d, 0))])}");
        }

        IEnumerable<long?> dims = TargetShape.Select(d => d == -1 ? (total is long tt ? tt / known : (long?)null) : d);
        return new Shape(dims.Prepend(inputShape[0]));
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["target_shape"] = new JsonArray(TargetShape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray());
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Reshape FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Reshape>(config);
}
