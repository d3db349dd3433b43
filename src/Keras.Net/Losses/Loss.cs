// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

namespace Keras.Net.Losses;

/// <summary>
/// The base of Keras's loss classes: <see cref="Call"/> gives one loss per sample, <see cref="Compute"/>
/// weights and reduces them (default <c>sum_over_batch_size</c>: the weighted sum divided by the number of
/// per-sample losses).
/// </summary>
public abstract partial class Loss : IKerasSerializable
{
    /// <summary>Initializes the loss.</summary>
    /// <param name="name">The name (default the snake_case class name).</param>
    /// <param name="reduction"><c>sum_over_batch_size</c> (also <c>auto</c>), <c>sum</c> or <c>none</c>.</param>
    protected Loss(string? name = null, string reduction = "sum_over_batch_size")
    {
        if (reduction is not ("sum_over_batch_size" or "auto" or "sum" or "none"))
        {
            throw new ArgumentException($"Invalid value for argument `reduction`. Expected one of {{'sum_over_batch_size', 'sum', 'none', 'auto'}}. Received: reduction={reduction}", nameof(reduction));
        }

        Name = name ?? NameRegistry.ToSnakeCase(GetType().Name);
        Reduction = reduction;
    }

    /// <summary>The name (the key of this loss in training logs when it is an output's loss).</summary>
    public string Name { get; }

    /// <summary>The reduction as given (<c>auto</c> means <c>sum_over_batch_size</c>).</summary>
    public string Reduction { get; }

    /// <summary>tf.keras's loss config: <c>reduction</c>, <c>name</c>, then the loss's own arguments.</summary>
    /// <returns>The config.</returns>
    public virtual JsonObject GetConfig() => new() { ["reduction"] = Reduction, ["name"] = Name };

    /// <summary>The unreduced loss: one value per sample (the last axis reduced).</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <returns>The per-sample losses.</returns>
    public abstract Tensor Call(Tensor yTrue, Tensor yPred);

    /// <summary>The weighted, reduced loss (Keras's <c>loss(y_true, y_pred, sample_weight)</c>).</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional per-sample weights (shape <c>(batch,)</c>).</param>
    /// <returns>A scalar, or per-sample values with reduction <c>none</c>.</returns>
    public Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using TensorScope scope = Ops.NewScope();
        Tensor target = Ops.DTypeOf(yTrue).Equals(Ops.DTypeOf(yPred)) || this is SparseCategoricalCrossentropy
            ? yTrue
            : Ops.Cast(yTrue, Ops.DTypeOf(yPred));
        Tensor losses = Call(target, yPred);
        if (sampleWeight is null && Reduction is "sum_over_batch_size" or "auto")
        {
            return scope.Keep(Ops.Mean(losses));
        }

        if (sampleWeight is not null)
        {
            Tensor w = Ops.Cast(sampleWeight, Ops.DTypeOf(losses));
            while (Ops.ShapeOf(w).Rank < Ops.ShapeOf(losses).Rank)
            {
                w = Ops.ExpandDims(w, -1);
            }

            while (Ops.ShapeOf(w).Rank > Ops.ShapeOf(losses).Rank && Ops.ShapeOf(w)[^1] == 1)
            {
                w = Ops.Squeeze(w, -1);
            }

            losses = Ops.Multiply(losses, w);
        }

        Tensor result = Reduction switch
        {
            "none" => losses,
            "sum" => Ops.Sum(losses),
            _ => Ops.Divide(Ops.Sum(losses), Ops.Scalar(Math.Max(1, Ops.ShapeOf(losses).NumElements() ?? 1), Ops.DTypeOf(losses), Ops.DeviceOf(losses))),
        };
        return scope.Keep(result);
    }
}
