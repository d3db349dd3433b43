// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Parametric ReLU: <c>x</c> for x &gt;= 0, <c>alpha * x</c> otherwise, with a learned <c>alpha</c> of shape
/// <c>input_shape[1:]</c> (size 1 on <see cref="SharedAxes"/>).
/// </summary>
public sealed class PReLU : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alphaInitializer">Initializer for alpha (default zeros).</param>
    /// <param name="alphaRegularizer">Regularizer for alpha.</param>
    /// <param name="alphaConstraint">Constraint for alpha.</param>
    /// <param name="sharedAxes">1-based axes along which alpha is shared.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether alpha is trained.</param>
    public PReLU(object? alphaInitializer = null, object? alphaRegularizer = null, object? alphaConstraint = null, int[]? sharedAxes = null, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        AlphaInitializer = ArgumentResolver.Initializer(alphaInitializer) ?? new Zeros();
        AlphaRegularizer = ArgumentResolver.Regularizer(alphaRegularizer);
        AlphaConstraint = ArgumentResolver.Constraint(alphaConstraint);
        SharedAxes = sharedAxes?.ToArray();
        SupportsMasking = true;
    }

    /// <summary>The alpha initializer.</summary>
    public Initializer AlphaInitializer { get; }

    /// <summary>The alpha regularizer, if any.</summary>
    public Regularizer? AlphaRegularizer { get; }

    /// <summary>The alpha constraint, if any.</summary>
    public Constraint? AlphaConstraint { get; }

    /// <summary>The shared axes, if any.</summary>
    public IReadOnlyList<int>? SharedAxes { get; }

    /// <summary>The learned slopes.</summary>
    public Variable? AlphaWeight { get; private set; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        long?[] dims = inputShape.Skip(1).ToArray();
        foreach (int axis in SharedAxes ?? [])
        {
            dims[axis - 1] = 1;
        }

        if (dims.Any(d => d is null))
        {
            throw new ArgumentException($"PReLU \"{Name}\" needs known dimensions (or shared_axes over the unknown ones). Received input shape {inputShape}.");
        }

        AlphaWeight = AddWeight("alpha", new Shape(dims), AlphaInitializer, regularizer: AlphaRegularizer, constraint: AlphaConstraint);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor pos = Ops.Relu(inputs);
        Tensor neg = Ops.Multiply(Ops.Negative(AlphaWeight!.Value), Ops.Relu(Ops.Negative(inputs)));
        return scope.Keep(Ops.Add(pos, neg));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["alpha_initializer"] = KerasSerializer.Serialize(AlphaInitializer);
        config["alpha_regularizer"] = KerasSerializer.SerializeOptional(AlphaRegularizer);
        config["alpha_constraint"] = KerasSerializer.SerializeOptional(AlphaConstraint);
        config["shared_axes"] = SharedAxes is null ? null : new JsonArray(SharedAxes.Select(a => (JsonNode?)a).ToArray());
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static PReLU FromConfig(JsonObject config) => ArgumentResolver.FromConfig<PReLU>(config);
}
