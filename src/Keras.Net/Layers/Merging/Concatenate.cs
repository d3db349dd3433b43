// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Concatenates a list of inputs along <see cref="Axis"/>; every other axis must match.</summary>
public sealed class Concatenate : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis (default the last).</param>
    /// <param name="name">The layer name.</param>
    public Concatenate(int axis = -1, string? name = null)
        : base(name)
    {
        Axis = axis;
        SupportsMasking = true;
    }

    /// <summary>The concatenation axis.</summary>
    public int Axis { get; }

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes) => OutputShape(inputShapes);

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training) =>
        [Ops.Concatenate(inputs, Axis)];

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes) => [OutputShape(inputShapes)];

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.All(m => m is null))
        {
            return [null];
        }

        // As Keras: inputs without a mask count as all-true (full input shape); lower-rank masks get a
        // trailing axis; the joined masks are reduced with AND over the last axis.
        using TensorScope scope = Ops.NewScope();
        var expanded = new List<Tensor>();
        for (int i = 0; i < inputs.Count; i++)
        {
            Tensor m = masks[i] is Tensor given
                ? Ops.Cast(given, Backend.DType.Bool)
                : Ops.NotEqual(Ops.Zeros(Ops.ShapeOf(inputs[i]).ToArray(), Backend.DType.Float32, Ops.DeviceOf(inputs[i])), 1.0);
            Shape ms = Ops.ShapeOf(m);
            if (ms.Rank < Ops.ShapeOf(inputs[i]).Rank)
            {
                m = Ops.ExpandDims(m, -1);
            }

            expanded.Add(m);
        }

        Tensor joined = Ops.Concatenate(expanded, Axis);
        return [scope.Keep(Ops.All(joined, -1))];
    }

    private Shape OutputShape(IReadOnlyList<Shape> shapes)
    {
        if (shapes.Count < 2)
        {
            throw new ArgumentException($"A `Concatenate` layer should be called on a list of at least 2 inputs. Received: input_shape={string.Join(", ", shapes)}");
        }

        int rank = shapes[0].Rank;
        int axis = Axis < 0 ? Axis + rank : Axis;
        if (shapes.Any(s => s.Rank != rank) || axis < 0 || axis >= rank)
        {
            throw new ArgumentException(Mismatch(shapes));
        }

        long? total = 0;
        var dims = shapes[0].ToList();
        foreach (Shape s in shapes)
        {
            for (int k = 0; k < rank; k++)
            {
                if (k == axis)
                {
                    continue;
                }

                if (s[k] is long d && dims[k] is long e && d != e)
                {
                    throw new ArgumentException(Mismatch(shapes));
                }

                dims[k] ??= s[k];
            }

            total = total is long t && s[axis] is long a ? t + a : null;
        }

        dims[axis] = total;
        return new Shape(dims);
    }

    private string Mismatch(IReadOnlyList<Shape> shapes) =>
        $"A `Concatenate` layer \"{Name}\" requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[{string.Join(", ", shapes)}]";

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Concatenate FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Concatenate>(config);
}
