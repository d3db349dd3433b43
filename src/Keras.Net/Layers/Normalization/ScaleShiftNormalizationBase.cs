// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// The learned scale and shift shared by BatchNormalization, LayerNormalization and GroupNormalization:
/// <c>gamma</c> (with <c>scale</c>) and <c>beta</c> (with <c>center</c>), their initializers (ones, zeros),
/// regularizers and constraints, created in that order and written to the config under Keras's keys.
/// </summary>
public abstract class ScaleShiftNormalizationBase : Layer
{
    /// <summary>Initializes the shared arguments.</summary>
    /// <param name="center">Whether to add <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>.</param>
    /// <param name="betaInitializer">Initializer for beta (zeros).</param>
    /// <param name="gammaInitializer">Initializer for gamma (ones).</param>
    /// <param name="betaRegularizer">Regularizer for beta.</param>
    /// <param name="gammaRegularizer">Regularizer for gamma.</param>
    /// <param name="betaConstraint">Constraint for beta.</param>
    /// <param name="gammaConstraint">Constraint for gamma.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights train.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected ScaleShiftNormalizationBase(bool center, bool scale, object? betaInitializer, object? gammaInitializer, object? betaRegularizer, object? gammaRegularizer, object? betaConstraint, object? gammaConstraint, string? name, bool trainable, string? dtype)
        : base(name, trainable, dtype)
    {
        Center = center;
        Scale = scale;
        BetaInitializer = ArgumentResolver.Initializer(betaInitializer) ?? new Zeros();
        GammaInitializer = ArgumentResolver.Initializer(gammaInitializer) ?? new Ones();
        BetaRegularizer = ArgumentResolver.Regularizer(betaRegularizer);
        GammaRegularizer = ArgumentResolver.Regularizer(gammaRegularizer);
        BetaConstraint = ArgumentResolver.Constraint(betaConstraint);
        GammaConstraint = ArgumentResolver.Constraint(gammaConstraint);
        SupportsMasking = true;
    }

    /// <summary>Whether beta is used.</summary>
    public bool Center { get; }

    /// <summary>Whether gamma is used.</summary>
    public bool Scale { get; }

    /// <summary>Beta initializer.</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>Gamma initializer.</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>Beta regularizer.</summary>
    public Regularizer? BetaRegularizer { get; }

    /// <summary>Gamma regularizer.</summary>
    public Regularizer? GammaRegularizer { get; }

    /// <summary>Beta constraint.</summary>
    public Constraint? BetaConstraint { get; }

    /// <summary>Gamma constraint.</summary>
    public Constraint? GammaConstraint { get; }

    /// <summary>The scale, or null without <see cref="Scale"/>.</summary>
    public Variable? Gamma { get; private set; }

    /// <summary>The offset, or null without <see cref="Center"/>.</summary>
    public Variable? Beta { get; private set; }

    /// <summary>Creates <c>gamma</c> then <c>beta</c> (each when enabled) with the given shape.</summary>
    /// <param name="shape">The parameters' shape.</param>
    protected void AddScaleAndShift(Shape shape)
    {
        Gamma = Scale ? AddWeight("gamma", shape, GammaInitializer, regularizer: GammaRegularizer, constraint: GammaConstraint) : null;
        Beta = Center ? AddWeight("beta", shape, BetaInitializer, regularizer: BetaRegularizer, constraint: BetaConstraint) : null;
    }

    /// <summary>Multiplies by gamma and adds beta, reshaped to <paramref name="broadcastShape"/> (or as stored when null).</summary>
    /// <param name="normalized">The normalized tensor.</param>
    /// <param name="broadcastShape">The parameters' broadcast shape, or null.</param>
    /// <returns>The result.</returns>
    protected Tensor ScaleAndShift(Tensor normalized, long[]? broadcastShape)
    {
        Tensor y = normalized;
        if (Gamma is not null)
        {
            y = Ops.Multiply(y, broadcastShape is null ? Gamma.Value : Ops.Reshape(Gamma.Value, broadcastShape));
        }

        if (Beta is not null)
        {
            y = Ops.Add(y, broadcastShape is null ? Beta.Value : Ops.Reshape(Beta.Value, broadcastShape));
        }

        return y;
    }

    /// <summary>Writes <c>center</c>, <c>scale</c> and the two initializers, in Keras's order.</summary>
    /// <param name="config">The config.</param>
    protected void WriteScaleShiftHead(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = KerasSerializer.Serialize(BetaInitializer);
        config["gamma_initializer"] = KerasSerializer.Serialize(GammaInitializer);
    }

    /// <summary>Writes the regularizers and constraints, in Keras's order.</summary>
    /// <param name="config">The config.</param>
    protected void WriteScaleShiftTail(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config["beta_regularizer"] = KerasSerializer.SerializeOptional(BetaRegularizer);
        config["gamma_regularizer"] = KerasSerializer.SerializeOptional(GammaRegularizer);
        config["beta_constraint"] = KerasSerializer.SerializeOptional(BetaConstraint);
        config["gamma_constraint"] = KerasSerializer.SerializeOptional(GammaConstraint);
    }
}
