// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;

namespace Keras.Net.Layers;

/// <summary>Configs (Keras's <c>get_config</c> / <c>from_config</c>).</summary>
public abstract partial class Layer
{
    /// <summary>
    /// The input shape this layer was declared with (Keras's <c>input_shape=</c> / <c>batch_input_shape</c>),
    /// batch dimension first; a <see cref="Models.Sequential"/> model whose first layer has one is built at once.
    /// </summary>
    public Shape? BatchInputShape { get; set; }

    /// <summary>
    /// The layer's config as tf.keras 2.x writes it: <c>name</c>, <c>trainable</c>, <c>dtype</c>, then
    /// <c>batch_input_shape</c> when set, then the layer's own constructor arguments (override and add them).
    /// Reading back calls the class's <c>public static FromConfig</c> if it has one, else the constructor whose
    /// parameters match the keys.
    /// </summary>
    /// <returns>A new JSON object.</returns>
    public virtual JsonObject GetConfig()
    {
        var config = new JsonObject
        {
            ["name"] = Name,
            ["trainable"] = Trainable,
            ["dtype"] = DType.Name,
        };
        if (BatchInputShape is not null)
        {
            config["batch_input_shape"] = ShapeJson(BatchInputShape);
        }

        return config;
    }

    /// <summary>A shape as a JSON list (<c>null</c> for unknown dimensions).</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>The list.</returns>
    protected static JsonArray ShapeJson(IEnumerable<long?> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var arr = new JsonArray();
        foreach (long? d in shape)
        {
            arr.Add(d is long v ? JsonValue.Create(v) : null);
        }

        return arr;
    }

    /// <summary>Sets the dtype of a layer read from a config (before it is built).</summary>
    internal void SetDType(DType dtype)
    {
        if (Built && Weights.Count > 0)
        {
            throw new InvalidOperationException($"Cannot change the dtype of built layer \"{Name}\".");
        }

        DType = dtype;
    }
}
