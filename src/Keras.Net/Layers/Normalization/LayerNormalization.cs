// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's <c>LayerNormalization</c>: each sample is normalized over <c>axis</c> with its own mean and (biased)
/// variance, <c>(x - mean) / sqrt(var + epsilon) * gamma + beta</c>; weights <c>gamma</c> then <c>beta</c>, shaped
/// like the normalized axes.
/// </summary>
public sealed class LayerNormalization : ScaleShiftNormalizationBase
{
    private readonly int[] _axes;
    private readonly bool _axisAsList;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis or axes to normalize over (an int or a list; default -1).</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="center">Whether to add <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>.</param>
    /// <param name="rmsScaling">Keras 3's RMS normalization; only false is supported.</param>
    /// <param name="betaInitializer">Initializer for beta (zeros).</param>
    /// <param name="gammaInitializer">Initializer for gamma (ones).</param>
    /// <param name="betaRegularizer">Regularizer for beta.</param>
    /// <param name="gammaRegularizer">Regularizer for gamma.</param>
    /// <param name="betaConstraint">Constraint for beta.</param>
    /// <param name="gammaConstraint">Constraint for gamma.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights train.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public LayerNormalization(object? axis = null, double epsilon = 1e-3, bool center = true, bool scale = true, bool rmsScaling = false, object? betaInitializer = null, object? gammaInitializer = null, object? betaRegularizer = null, object? gammaRegularizer = null, object? betaConstraint = null, object? gammaConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name, trainable, dtype)
    {
        if (rmsScaling)
        {
            throw new NotSupportedException("LayerNormalization(rms_scaling=True) is not supported by Keras.Net.");
        }

        (_axes, _axisAsList) = axis switch
        {
            null => ([-1], false),
            int i => ([i], false),
            double d => ([(int)d], false),
            int[] list => (list, true),
            JsonValue v => ([v.GetValue<int>()], false),
            JsonArray a => (a.Select(n => n!.GetValue<int>()).ToArray(), true),
            _ => throw new ArgumentException($"Expected an int or a list/tuple of ints for the argument 'axis', but received: {axis}", nameof(axis)),
        };
        Epsilon = epsilon;
    }

    /// <summary>The normalized axes as given.</summary>
    public IReadOnlyList<int> Axis => _axes;

    /// <summary>Variance epsilon.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int[] axes = Positive(inputShape.Rank);
        if (axes.Any(a => a <= 0 || a >= inputShape.Rank || inputShape[a] is null))
        {
            throw new ArgumentException($"Layer \"{Name}\": axis ({string.Join(", ", _axes)}) must name known non-batch axes of input shape {inputShape}.");
        }

        Shape shape = new(axes.Select(a => inputShape[a]));
        AddScaleAndShift(shape);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Shape s = Ops.ShapeOf(inputs);
        int[] axes = Positive(s.Rank);
        long[] reduce = [.. axes.Select(a => (long)a)];
        long[] paramShape = [.. Enumerable.Range(0, s.Rank).Select(i => axes.Contains(i) ? s[i]!.Value : 1L)];
        Tensor mean = Ops.Mean(inputs, reduce, keepDims: true);
        Tensor centred = Ops.Subtract(inputs, mean);
        Tensor variance = Ops.Mean(Ops.Square(centred), reduce, keepDims: true);
        Tensor y = Ops.Divide(centred, Ops.Sqrt(Ops.Add(variance, Epsilon)));
        y = ScaleAndShift(y, paramShape);

        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = _axisAsList ? new JsonArray([.. _axes.Select(a => (JsonNode)a)]) : _axes[0];
        config["epsilon"] = Epsilon;
        WriteScaleShiftHead(config);
        WriteScaleShiftTail(config);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static LayerNormalization FromConfig(JsonObject config) => ArgumentResolver.FromConfig<LayerNormalization>(config);

    private int[] Positive(int rank) => [.. _axes.Select(a => a < 0 ? rank + a : a).Order()];
}
