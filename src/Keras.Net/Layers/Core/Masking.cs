// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Masks timesteps whose features all equal <c>mask_value</c> (Keras's <c>Masking</c>): those steps are zeroed in
/// the output and the emitted mask <c>(batch, steps)</c> is false there, so later RNN layers skip them.
/// </summary>
public sealed class Masking : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="maskValue">The value that marks a padded step.</param>
    /// <param name="name">The layer name.</param>
    public Masking(double maskValue = 0.0, string? name = null)
        : base(name)
    {
        MaskValue = maskValue;
        SupportsMasking = true;
    }

    /// <summary>The padding value.</summary>
    public double MaskValue { get; }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor keep = Ops.Cast(Ops.ExpandDims(Ops.AnyLastAxis(Ops.NotEqual(inputs, MaskValue)), -1), Ops.DTypeOf(inputs));
        return scope.Keep(Ops.Multiply(inputs, keep));
    }

    /// <inheritdoc />
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask)
    {
        using TensorScope scope = Ops.NewScope();
        return scope.Keep(Ops.AnyLastAxis(Ops.NotEqual(inputs, MaskValue)));
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["mask_value"] = MaskValue;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Masking FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Masking>(config);
}
