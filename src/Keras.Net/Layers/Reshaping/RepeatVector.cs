// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Repeats a <c>(batch, features)</c> input <c>n</c> times into <c>(batch, n, features)</c> (Keras's <c>RepeatVector</c>).</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="n">How many copies.</param>
    /// <param name="name">The layer name.</param>
    public RepeatVector(int n, string? name = null)
        : base(name)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"Expected an integer value for `n` greater than 0. Received: n={n}");
        }

        N = n;
    }

    /// <summary>Copies.</summary>
    public int N { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        return scope.Keep(Ops.Tile(Ops.ExpandDims(inputs, 1), [1, N, 1]));
    }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank != 2)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected ndim=2, found ndim={inputShape.Rank}. Full shape received: {inputShape}");
        }
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return new Shape([inputShape[0], N, inputShape[1]]);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["n"] = N;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static RepeatVector FromConfig(JsonObject config) => ArgumentResolver.FromConfig<RepeatVector>(config);
}
