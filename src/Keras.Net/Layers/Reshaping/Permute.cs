// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Reorders the non-batch axes (Keras's <c>Permute</c>; <c>dims</c> count from 1, the batch axis stays first).</summary>
public sealed class Permute : Layer
{
    private readonly int[] _dims;

    /// <summary>Creates the layer.</summary>
    /// <param name="dims">A permutation of 1..n, e.g. (2, 1) swaps the two axes after the batch.</param>
    /// <param name="name">The layer name.</param>
    public Permute(int[] dims, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (!dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length)))
        {
            throw new ArgumentException($"Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims={string.Join(", ", dims)}", nameof(dims));
        }

        _dims = [.. dims];
        SupportsMasking = true;
    }

    /// <summary>The permutation (1-based).</summary>
    public IReadOnlyList<int> Dims => _dims;

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        return scope.Keep(Ops.Copy(Ops.Transpose(inputs, [0, .. _dims.Select(d => (long)d)])));
    }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank != _dims.Length + 1)
        {
            throw new ArgumentException($"Layer \"{Name}\": dims ({string.Join(", ", _dims)}) do not fit input shape {inputShape}.");
        }
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return new Shape([inputShape[0], .. _dims.Select(d => inputShape[d])]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["dims"] = new JsonArray([.. _dims.Select(d => (JsonNode)d)]);
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Permute FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Permute>(config);
}
