// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;

namespace Keras.Net.Serialization;

/// <summary>What a deserialization carries down: custom objects, the file name for errors, and an optional layer factory (cloning).</summary>
internal sealed class DeserializationContext
{
    internal DeserializationContext(IReadOnlyDictionary<string, object>? customObjects, string? file = null)
    {
        CustomObjects = customObjects;
        File = file;
    }

    internal IReadOnlyDictionary<string, object>? CustomObjects { get; }

    internal string? File { get; }

    /// <summary>When set, functional and Sequential configs ask it for each layer (by name and serialized form) first.</summary>
    internal Func<string, JsonObject, Layer?>? LayerFactory { get; init; }

    internal KerasFormatException Error(string message, string path, Exception? inner = null) => new(message, path, File, inner);
}
