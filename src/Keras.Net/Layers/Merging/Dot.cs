// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// The per-sample dot product of two inputs along <c>axes</c> (Keras's <c>Dot</c>): two <c>(batch, n)</c> inputs give
/// <c>(batch, 1)</c>; <c>(batch, m, k)</c> and <c>(batch, n, k)</c> with axes (2, 2) give <c>(batch, m, n)</c>. With
/// <c>normalize</c> the inputs are L2-normalized along those axes first (cosine similarity). Inputs of rank 2 or 3.
/// </summary>
public sealed class Dot : Layer
{
    private readonly int[] _axes;

    /// <summary>Creates the layer.</summary>
    /// <param name="axes">One axis for both inputs, or one per input (non-batch axes).</param>
    /// <param name="normalize">Whether to L2-normalize along the axes first.</param>
    /// <param name="name">The layer name.</param>
    public Dot(object axes, bool normalize = false, string? name = null)
        : base(name)
    {
        _axes = axes switch
        {
            int i => [i, i],
            double d => [(int)d, (int)d],
            int[] { Length: 2 } pair => pair,
            JsonValue v => [v.GetValue<int>(), v.GetValue<int>()],
            JsonArray { Count: 2 } a => [a[0]!.GetValue<int>(), a[1]!.GetValue<int>()],
            _ => throw new ArgumentException($"Invalid format for argument `axes`: expected an int or a list of 2 ints. Received: {axes}", nameof(axes)),
        };
        Normalize = normalize;
    }

    /// <summary>The contracted axis of each input.</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <summary>Whether the inputs are L2-normalized first.</summary>
    public bool Normalize { get; }

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count != 2 || inputShapes.Any(s => s.Rank is not (2 or 3)))
        {
            throw new ArgumentException($"A `Dot` layer should be called on exactly 2 inputs of rank 2 or 3. Received: {string.Join(", ", inputShapes)}");
        }

        var (a, b) = Positive(inputShapes[0].Rank, inputShapes[1].Rank);
        if (inputShapes[0][a] is long da && inputShapes[1][b] is long db && da != db)
        {
            throw new ArgumentException($"Incompatible input shapes: axis values {da} (at axis {a}) != {db} (at axis {b}). Full input shapes: {inputShapes[0]}, {inputShapes[1]}");
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using TensorScope scope = Ops.NewScope();
        Shape sa = Ops.ShapeOf(inputs[0]), sb = Ops.ShapeOf(inputs[1]);
        var (axisA, axisB) = Positive(sa.Rank, sb.Rank);
        Tensor a = Normalize ? L2Normalize(inputs[0], axisA) : inputs[0];
        Tensor b = Normalize ? L2Normalize(inputs[1], axisB) : inputs[1];
        // a -> (batch, m, k) with k the contracted axis; b -> (batch, k, n).
        Tensor left = sa.Rank == 2 ? Ops.ExpandDims(a, 1) : axisA == 2 ? a : Ops.Transpose(a, [0, 2, 1]);
        Tensor right = sb.Rank == 2 ? Ops.ExpandDims(b, 2) : axisB == 1 ? b : Ops.Transpose(b, [0, 2, 1]);
        Tensor y = Ops.MatMul(left, right);
        Shape ys = Ops.ShapeOf(y);
        long batch = ys[0]!.Value;
        long[] outShape = (sa.Rank, sb.Rank) switch
        {
            (2, 2) => [batch, 1],
            (2, _) => [batch, ys[2]!.Value],
            (_, 2) => [batch, ys[1]!.Value],
            _ => [batch, ys[1]!.Value, ys[2]!.Value],
        };
        return [scope.Keep(Ops.Reshape(y, outShape))];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputShapes(inputShapes);
        var (a, b) = Positive(inputShapes[0].Rank, inputShapes[1].Rank);
        long?[] rest = [.. inputShapes[0].Skip(1).Where((_, i) => i + 1 != a), .. inputShapes[1].Skip(1).Where((_, i) => i + 1 != b)];
        return [new Shape([inputShapes[0][0], .. rest.Length == 0 ? [1L] : rest])];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axes"] = _axes[0] == _axes[1] ? _axes[0] : new JsonArray(_axes[0], _axes[1]);
        config["normalize"] = Normalize;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Dot FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Dot>(config);

    private static Tensor L2Normalize(Tensor x, int axis) =>
        Ops.Divide(x, Ops.Sqrt(Ops.ClipMin(Ops.Sum(Ops.Square(x), [axis], keepDims: true), 1e-12)));

    private (int A, int B) Positive(int rankA, int rankB)
    {
        int a = _axes[0] < 0 ? rankA + _axes[0] : _axes[0];
        int b = _axes[1] < 0 ? rankB + _axes[1] : _axes[1];
        if (a <= 0 || a >= rankA || b <= 0 || b >= rankB)
        {
            throw new ArgumentException($"Layer \"{Name}\": axes ({_axes[0]}, {_axes[1]}) must name non-batch axes of inputs of rank {rankA} and {rankB}.");
        }

        return (a, b);
    }
}
