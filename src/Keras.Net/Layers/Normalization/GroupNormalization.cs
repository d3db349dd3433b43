// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's <c>GroupNormalization</c>: the channels (last axis) are split into <c>groups</c>; each sample is
/// normalized per group over its spatial positions and the group's channels, then scaled and shifted per channel
/// (<c>gamma</c>, <c>beta</c>). <c>groups = channels</c> is instance normalization; <c>groups = 1</c> is layer
/// normalization over all non-batch axes.
/// </summary>
public sealed class GroupNormalization : ScaleShiftNormalizationBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="groups">The number of channel groups (must divide the channel count).</param>
    /// <param name="axis">The channel axis; only the last axis (-1) is supported.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="center">Whether to add <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>.</param>
    /// <param name="betaInitializer">Initializer for beta (zeros).</param>
    /// <param name="gammaInitializer">Initializer for gamma (ones).</param>
    /// <param name="betaRegularizer">Regularizer for beta.</param>
    /// <param name="gammaRegularizer">Regularizer for gamma.</param>
    /// <param name="betaConstraint">Constraint for beta.</param>
    /// <param name="gammaConstraint">Constraint for gamma.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights train.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public GroupNormalization(int groups = 32, int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true, object? betaInitializer = null, object? gammaInitializer = null, object? betaRegularizer = null, object? gammaRegularizer = null, object? betaConstraint = null, object? gammaConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name, trainable, dtype)
    {
        if (groups <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), $"Number of groups must be positive. Received: groups={groups}");
        }

        if (axis != -1)
        {
            throw new NotSupportedException($"GroupNormalization(axis={axis}) is not supported by Keras.Net; put the channels last (axis=-1).");
        }

        Groups = groups;
        Epsilon = epsilon;
    }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Variance epsilon.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank < 2 || inputShape[^1] is not long channels)
        {
            throw new ArgumentException($"Layer \"{Name}\": the channel axis of input shape {inputShape} must be known.");
        }

        if (channels < Groups || channels % Groups != 0)
        {
            throw new ArgumentException($"Number of groups ({Groups}) must be a multiple of the number of channels ({channels}) and not exceed it.");
        }

        AddScaleAndShift(Shape.Of(channels));
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Shape s = Ops.ShapeOf(inputs);
        long channels = s[^1]!.Value;
        long[] dims = [.. s.Select(d => d!.Value)];
        Tensor grouped = Ops.Reshape(inputs, [.. dims[..^1], Groups, channels / Groups]);
        long[] reduce = [.. Enumerable.Range(1, s.Rank).Where(a => a != s.Rank - 1).Select(a => (long)a)];
        Tensor mean = Ops.Mean(grouped, reduce, keepDims: true);
        Tensor centred = Ops.Subtract(grouped, mean);
        Tensor variance = Ops.Mean(Ops.Square(centred), reduce, keepDims: true);
        Tensor y = Ops.Reshape(Ops.Divide(centred, Ops.Sqrt(Ops.Add(variance, Epsilon))), dims);
        y = ScaleAndShift(y, null);

        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["groups"] = Groups;
        config["axis"] = -1;
        config["epsilon"] = Epsilon;
        WriteScaleShiftHead(config);
        WriteScaleShiftTail(config);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static GroupNormalization FromConfig(JsonObject config) => ArgumentResolver.FromConfig<GroupNormalization>(config);
}
