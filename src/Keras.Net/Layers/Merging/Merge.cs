// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>
/// The base of element-wise merging layers (<see cref="Add"/> and the like): at least two inputs whose
/// shapes broadcast; the output mask is the AND of the input masks.
/// </summary>
public abstract class Merge : Layer
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="name">The layer name.</param>
    protected Merge(string? name = null)
        : base(name)
    {
        SupportsMasking = true;
    }

    /// <summary>Combines two tensors; called left to right over the inputs.</summary>
    /// <param name="accumulated">The result so far.</param>
    /// <param name="next">The next input.</param>
    /// <returns>The combined tensor.</returns>
    protected abstract Tensor MergeFunction(Tensor accumulated, Tensor next);

    /// <summary>Finishes the result (e.g. divides for an average). The default returns it as is.</summary>
    /// <param name="merged">The merged tensor.</param>
    /// <param name="count">The number of inputs.</param>
    /// <returns>The final tensor.</returns>
    protected virtual Tensor Finish(Tensor merged, int count) => merged;

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count < 2)
        {
            throw new ArgumentException($"A merge layer should be called on a list of at least 2 inputs. Got {inputShapes.Count} inputs.");
        }

        BroadcastShape(inputShapes);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using TensorScope scope = Ops.NewScope();
        Tensor acc = inputs[0];
        for (int i = 1; i < inputs.Count; i++)
        {
            acc = MergeFunction(acc, inputs[i]);
        }

        return [scope.Keep(Finish(acc, inputs.Count))];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        return [BroadcastShape(inputShapes)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Tensor? result = null;
        foreach (Tensor? m in masks)
        {
            if (m is null)
            {
                continue;
            }

            Tensor? previous = result;
            result = previous is null ? Ops.Alias(m) : Ops.LogicalAnd(previous, m);
            previous?.Dispose();
        }

        return [result];
    }

    private Shape BroadcastShape(IReadOnlyList<Shape> shapes)
    {
        int rank = shapes.Max(s => s.Rank);
        var dims = new long?[rank];
        for (int k = 1; k <= rank; k++)
        {
            long? dim = 1;
            bool unknown = false;
            foreach (Shape s in shapes)
            {
                if (s.Rank < k)
                {
                    continue;
                }

                long? d = s[^k];
                if (d is null)
                {
                    unknown = true;
                }
                else if (d != 1)
                {
                    if (dim != 1 && dim != d)
                    {
                        throw new ArgumentException(
                            $"Inputs have incompatible shapes. Received shapes {string.Join(" and ", shapes)} (layer \"{Name}\").");
                    }

                    dim = d;
                }
            }

            dims[rank - k] = unknown && dim == 1 ? null : dim;
        }

        return new Shape(dims);
    }
}
