// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;

namespace Keras.Net.Saving;

/// <summary>Builds a model rebuilt from a config so that its variables exist before saved values are assigned.</summary>
internal static class ModelBuilding
{
    /// <summary>
    /// Builds <paramref name="model"/> for the input shape saved with it (a JSON list, <c>null</c> for unknown
    /// dimensions), without running initializers: Sequential and functional models build directly; a subclassed
    /// model creates its layers' variables when called, as in Keras, so it is called once on zeros.
    /// </summary>
    internal static void EnsureBuilt(Model model, JsonNode? savedShape)
    {
        if (model.Built || savedShape is not JsonArray dims)
        {
            return;
        }

        EnsureBuilt(model, new Shape(dims.Select(d => d is null ? (long?)null : (long)d)));
    }

    /// <summary>Builds <paramref name="model"/> for <paramref name="shape"/> (batch first) without running initializers.</summary>
    internal static void EnsureBuilt(Model model, Shape shape)
    {
        if (model.Built)
        {
            return;
        }

        using (Backend.InitializationScope.Skip())
        {
            if (model.IsGraphNetwork || model is Sequential)
            {
                model.EnsureBuilt(shape);
                return;
            }

            using Tensor zeros = Ops.Zeros([1, .. shape.Skip(1).Select(d => d ?? 1)], model.DType);
            model.Apply(zeros).Dispose();
        }
    }

    /// <summary>
    /// Creates the weights a functional or Sequential model's layers defer to their first call (a user's layer that
    /// builds nested layers when called, but declares its output shape, so building the graph never called it): as
    /// Keras's symbolic call would, the model runs once on zeros shaped like its inputs before weights are restored.
    /// </summary>
    internal static void BuildDeferredWeights(Model model)
    {
        static bool Deferred(Layer layer) => !layer.Built || layer.ChildLayers.Any(Deferred);
        if (!(model.IsGraphNetwork || model is Sequential) || model.Inputs.Count == 0 || !model.Layers.Any(Deferred))
        {
            return;
        }

        using (Backend.InitializationScope.Skip())
        using (Ops.NoGrad())
        {
            Tensor[] zeros = model.Inputs.Select(i => Ops.Zeros([1, .. i.Shape.Skip(1).Select(d => d ?? 1)], i.DType)).ToArray();
            foreach (Tensor y in model.ApplyMulti(zeros, training: false).Concat(zeros))
            {
                y.Dispose();
            }
        }
    }
}
