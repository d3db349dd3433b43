// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Keras's preprocessing <c>Normalization</c>: <c>(x - mean) / max(sqrt(variance), 1e-7)</c> per feature along
/// <c>axis</c> (or the inverse with <c>invert</c>). The statistics come from the constructor or from
/// <see cref="Adapt(Tensor)"/>; adapted statistics live in the non-trainable weights <c>mean</c>, <c>variance</c>
/// and <c>count</c> (tf.keras 2's layout).
/// </summary>
public sealed class Normalization : Layer
{
    private const double Epsilon = 1e-7;
    private readonly int[] _axes;
    private readonly double[]? _fixedMean;
    private readonly double[]? _fixedVariance;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The feature axis or axes kept apart (int or list; default -1).</param>
    /// <param name="mean">Fixed means (one number, or one per feature); give with <paramref name="variance"/>.</param>
    /// <param name="variance">Fixed variances.</param>
    /// <param name="invert">Undo a normalization instead (<c>x * sqrt(var) + mean</c>).</param>
    /// <param name="name">The layer name.</param>
    public Normalization(object? axis = null, object? mean = null, object? variance = null, bool invert = false, string? name = null)
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
            _ => throw new ArgumentException($"`axis` must be an int or a list of ints. Received: axis={axis}", nameof(axis)),
        };
        _fixedMean = Numbers(mean, nameof(mean));
        _fixedVariance = Numbers(variance, nameof(variance));
        if ((_fixedMean is null) != (_fixedVariance is null))
        {
            throw new ArgumentException("When setting values directly, both `mean` and `variance` must be set.");
        }

        Invert = invert;
        SupportsMasking = true;
    }

    /// <summary>The feature axes.</summary>
    public IReadOnlyList<int> Axis => _axes;

    /// <summary>Whether the layer undoes a normalization.</summary>
    public bool Invert { get; }

    /// <summary>The adapted mean (null with fixed statistics).</summary>
    public Variable? Mean { get; private set; }

    /// <summary>The adapted variance (null with fixed statistics).</summary>
    public Variable? Variance { get; private set; }

    /// <summary>How many samples the statistics were computed from (null with fixed statistics).</summary>
    public Variable? Count { get; private set; }

    /// <summary>Computes the mean and variance of <paramref name="data"/> per feature (Keras's <c>adapt</c>).</summary>
    /// <param name="data">Samples shaped like the layer's input, batch first.</param>
    /// <exception cref="InvalidOperationException">The layer has fixed statistics.</exception>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_fixedMean is not null)
        {
            throw new InvalidOperationException($"Layer \"{Name}\" was given `mean` and `variance`; it cannot also be adapted.");
        }

        Shape shape = Ops.ShapeOf(data);
        EnsureBuilt(new Shape([null, .. shape.Skip(1)]));
        using TensorScope scope = Ops.NewScope();
        int[] keep = Positive(shape.Rank);
        long[] reduce = [.. Enumerable.Range(0, shape.Rank).Where(a => !keep.Contains(a)).Select(a => (long)a)];
        Tensor x = Ops.Cast(data, DType);
        Tensor mean = Ops.Mean(x, reduce, keepDims: false);
        Tensor variance = Ops.Mean(Ops.Square(Ops.Subtract(x, Ops.Mean(x, reduce, keepDims: true))), reduce, keepDims: false);
        long count = reduce.Aggregate(1L, (n, a) => n * shape[(int)a]!.Value);
        using (Ops.NoGrad())
        {
            Ops.AssignInPlace(Mean!.Value, Ops.Reshape(mean, [.. Mean.Shape.Select(d => d!.Value)]));
            Ops.AssignInPlace(Variance!.Value, Ops.Reshape(variance, [.. Variance.Shape.Select(d => d!.Value)]));
            Ops.AssignInPlace(Count!.Value, Ops.Scalar(count, DType.Int64, Ops.DeviceOf(Count.Value)));
        }
    }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int[] keep = Positive(inputShape.Rank);
        if (keep.Any(a => a <= 0 || a >= inputShape.Rank || inputShape[a] is null))
        {
            throw new ArgumentException($"Layer \"{Name}\": axis ({string.Join(", ", _axes)}) must name known non-batch axes of input shape {inputShape}.");
        }

        if (_fixedMean is null)
        {
            Shape stats = new(keep.Select(a => inputShape[a]));
            Mean = AddWeight("mean", stats, "zeros", trainable: false);
            Variance = AddWeight("variance", stats, "ones", trainable: false);
            Count = AddWeight("count", Shape.Of(), "zeros", trainable: false, dtype: DType.Int64);
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Shape s = Ops.ShapeOf(inputs);
        int[] keep = Positive(s.Rank);
        long[] broadcast = [.. Enumerable.Range(0, s.Rank).Select(i => keep.Contains(i) ? s[i]!.Value : 1L)];
        Tensor mean, variance;
        if (_fixedMean is not null)
        {
            mean = Statistic(_fixedMean, broadcast);
            variance = Statistic(_fixedVariance!, broadcast);
        }
        else
        {
            mean = Ops.Reshape(Mean!.Value, broadcast);
            variance = Ops.Reshape(Variance!.Value, broadcast);
        }

        Tensor x = Ops.DTypeOf(inputs).IsFloating ? inputs : Ops.Cast(inputs, DType);
        Tensor std = Ops.ClipMin(Ops.Sqrt(variance), Epsilon);
        Tensor y = Invert ? Ops.Add(Ops.Multiply(x, std), mean) : Ops.Divide(Ops.Subtract(x, mean), std);
        return scope.Keep(Ops.Alias(y));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = new JsonArray([.. _axes.Select(a => (JsonNode)a)]);
        config["mean"] = _fixedMean is null ? null : new JsonArray([.. _fixedMean.Select(v => (JsonNode)v)]);
        config["variance"] = _fixedVariance is null ? null : new JsonArray([.. _fixedVariance.Select(v => (JsonNode)v)]);
        config["invert"] = Invert;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Normalization FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Normalization>(config);

    private Tensor Statistic(double[] values, long[] broadcast)
    {
        long features = broadcast.Aggregate(1L, (n, d) => n * d);
        if (values.Length != 1 && values.Length != features)
        {
            throw new ArgumentException($"Layer \"{Name}\": {values.Length} mean/variance values do not fit {features} features.");
        }

        double[] full = values.Length == 1 ? Enumerable.Repeat(values[0], (int)features).ToArray() : values;
        return Ops.Cast(Ops.FromArray(full, broadcast), DType);
    }

    private static double[]? Numbers(object? value, string argument) => value switch
    {
        null => null,
        double d => [d],
        int i => [i],
        double[] list => list,
        float[] list => [.. list.Select(v => (double)v)],
        JsonValue v => [v.GetValue<double>()],
        JsonArray a => [.. a.SelectMany(Flatten)],
        _ => throw new ArgumentException($"`{argument}` must be a number or a list of numbers. Received: {value}", argument),
    };

    private static IEnumerable<double> Flatten(JsonNode? node) => node switch
    {
        JsonArray a => a.SelectMany(Flatten),
        JsonValue v => [v.GetValue<double>()],
        _ => [],
    };

    private int[] Positive(int rank) => [.. _axes.Select(a => a < 0 ? rank + a : a).Order()];
}
