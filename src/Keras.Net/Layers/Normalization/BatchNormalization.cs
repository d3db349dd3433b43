// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Initializers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's <c>BatchNormalization</c>: in training, normalizes with the batch's mean and (biased) variance over
/// every axis but <c>axis</c> and moves <c>moving_mean</c>/<c>moving_variance</c> towards them by
/// <c>1 - momentum</c>; in inference (or when the layer is frozen) it uses the moving statistics. Weights in
/// Keras's order: <c>gamma</c>, <c>beta</c> (each when enabled), <c>moving_mean</c>, <c>moving_variance</c>.
/// </summary>
public sealed class BatchNormalization : ScaleShiftNormalizationBase
{
    private readonly bool _axisAsList;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The feature axis (an int, or a one-item list as tf.keras writes after building).</param>
    /// <param name="momentum">Momentum of the moving averages.</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="center">Whether to add the learned offset <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by the learned <c>gamma</c>.</param>
    /// <param name="betaInitializer">Initializer for beta (zeros).</param>
    /// <param name="gammaInitializer">Initializer for gamma (ones).</param>
    /// <param name="movingMeanInitializer">Initializer for the moving mean (zeros).</param>
    /// <param name="movingVarianceInitializer">Initializer for the moving variance (ones).</param>
    /// <param name="betaRegularizer">Regularizer for beta.</param>
    /// <param name="gammaRegularizer">Regularizer for gamma.</param>
    /// <param name="betaConstraint">Constraint for beta.</param>
    /// <param name="gammaConstraint">Constraint for gamma.</param>
    /// <param name="renorm">tf.keras batch renormalization; only false is supported.</param>
    /// <param name="renormClipping">Only null is supported.</param>
    /// <param name="renormMomentum">Ignored unless renorm (which is refused).</param>
    /// <param name="fused">tf.keras's kernel choice; has no effect on the result here.</param>
    /// <param name="virtualBatchSize">tf.keras ghost batch norm; only null is supported.</param>
    /// <param name="adjustment">A Python function in tf.keras; only null is supported.</param>
    /// <param name="synchronized">Keras 3 cross-replica statistics; a single device makes it a no-op.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether gamma and beta train; a frozen layer also normalizes with the moving statistics.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public BatchNormalization(object? axis = null, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true, object? betaInitializer = null, object? gammaInitializer = null, object? movingMeanInitializer = null, object? movingVarianceInitializer = null, object? betaRegularizer = null, object? gammaRegularizer = null, object? betaConstraint = null, object? gammaConstraint = null, bool renorm = false, object? renormClipping = null, double renormMomentum = 0.99, bool? fused = null, int? virtualBatchSize = null, object? adjustment = null, bool synchronized = false, string? name = null, bool trainable = true, string? dtype = null)
        : base(center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name, trainable, dtype)
    {
        (Axis, _axisAsList) = ReadAxis(axis);
        if (renorm || renormClipping is not null || virtualBatchSize is not null || adjustment is not null)
        {
            throw new NotSupportedException("BatchNormalization: renorm, renorm_clipping, virtual_batch_size and adjustment are not supported by Keras.Net; leave them at their defaults.");
        }

        _ = renormMomentum;
        _ = fused;
        _ = synchronized;
        Momentum = momentum;
        Epsilon = epsilon;
        MovingMeanInitializer = ArgumentResolver.Initializer(movingMeanInitializer) ?? new Zeros();
        MovingVarianceInitializer = ArgumentResolver.Initializer(movingVarianceInitializer) ?? new Ones();
    }

    /// <summary>The feature axis as given (negative counts from the end).</summary>
    public int Axis { get; }

    /// <summary>Moving-average momentum.</summary>
    public double Momentum { get; }

    /// <summary>Variance epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Moving mean initializer.</summary>
    public Initializer MovingMeanInitializer { get; }

    /// <summary>Moving variance initializer.</summary>
    public Initializer MovingVarianceInitializer { get; }

    /// <summary>The moving mean (not trainable).</summary>
    public Variable? MovingMean { get; private set; }

    /// <summary>The moving variance (not trainable).</summary>
    public Variable? MovingVariance { get; private set; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int axis = Axis < 0 ? inputShape.Rank + Axis : Axis;
        if (axis < 0 || axis >= inputShape.Rank || inputShape[axis] is not long features)
        {
            throw new ArgumentException($"Layer \"{Name}\": axis {Axis} is out of range or has no known size for input shape {inputShape}.");
        }

        Shape shape = Shape.Of(features);
        AddScaleAndShift(shape);
        MovingMean = AddWeight("moving_mean", shape, MovingMeanInitializer, trainable: false);
        MovingVariance = AddWeight("moving_variance", shape, MovingVarianceInitializer, trainable: false);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        int rank = Ops.ShapeOf(inputs).Rank;
        int axis = Axis < 0 ? rank + Axis : Axis;
        long[] reduce = [.. Enumerable.Range(0, rank).Where(i => i != axis).Select(i => (long)i)];
        long[] paramShape = [.. Enumerable.Range(0, rank).Select(i => i == axis ? -1L : 1L)];
        Tensor mean, variance;
        if (training && Trainable)
        {
            mean = Ops.Mean(inputs, reduce, keepDims: true);
            variance = Ops.Mean(Ops.Square(Ops.Subtract(inputs, mean)), reduce, keepDims: true);
            using (Ops.NoGrad())
            {
                Ops.LerpInPlace(MovingMean!.Value, Ops.Reshape(Ops.Detach(mean), [-1]), 1 - Momentum);
                Ops.LerpInPlace(MovingVariance!.Value, Ops.Reshape(Ops.Detach(variance), [-1]), 1 - Momentum);
            }
        }
        else
        {
            mean = Ops.Reshape(MovingMean!.Value, paramShape);
            variance = Ops.Reshape(MovingVariance!.Value, paramShape);
        }

        Tensor y = Ops.Divide(Ops.Subtract(inputs, mean), Ops.Sqrt(Ops.Add(variance, Epsilon)));
        y = ScaleAndShift(y, paramShape);

        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = _axisAsList ? new JsonArray(Axis) : Axis;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        WriteScaleShiftHead(config);
        config["moving_mean_initializer"] = KerasSerializer.Serialize(MovingMeanInitializer);
        config["moving_variance_initializer"] = KerasSerializer.Serialize(MovingVarianceInitializer);
        WriteScaleShiftTail(config);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static BatchNormalization FromConfig(JsonObject config) => ArgumentResolver.FromConfig<BatchNormalization>(config);

    private static (int Axis, bool AsList) ReadAxis(object? axis)
    {
        switch (axis)
        {
            case null:
                return (-1, false);
            case int i:
                return (i, false);
            case double d when d == Math.Floor(d) && Math.Abs(d) < 64:
                return ((int)d, false);
            case int[] { Length: 1 } list:
                return (list[0], true);
            case JsonValue v when v.TryGetValue(out int j):
                return (j, false);
            case JsonArray { Count: 1 } a when a[0] is JsonValue first && first.TryGetValue(out int k):
                return (k, true);
            default:
                string text = axis is JsonNode node ? node.ToJsonString() : axis is int[] many ? $"[{string.Join(", ", many)}]" : axis.ToString() ?? string.Empty;
                throw new NotSupportedException($"BatchNormalization normalizes over one feature axis; axis={text} is not supported.");
        }
    }
}
