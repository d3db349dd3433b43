// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Google.Protobuf;
using Keras.Net.Models;
using Keras.Net.Protos.KerasMetadata;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Serialization;
using Proto = Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// <c>Model.Load</c> of a tf.keras SavedModel folder: the model's config from <c>keras_metadata.pb</c> (TF 2.5+) or
/// from the root's deprecated <c>SavedUserObject.metadata</c> (TF 2.2-2.4), compiled from its training config,
/// then the variables restored from <c>variables/</c> through the checkpoint's object graph (formats.md 4.7).
/// </summary>
internal static class KerasSavedModelLoader
{
    internal static Model Load(string folder, IReadOnlyDictionary<string, object>? customObjects, bool compile)
    {
        string pb = Path.Combine(folder, "saved_model.pb");
        if (!File.Exists(pb))
        {
            throw new KerasFormatException($"{folder} is a folder without saved_model.pb; it is not a SavedModel.", null, folder);
        }

        // saved_model.pb is parsed at most once here, and only when the metadata or a revival needs it.
        Proto.SavedModel? parsed = null;
        Proto.SavedModel Parsed() => parsed ??= SavedModel.ReadSavedModel(pb);

        string metadataFile = Path.Combine(folder, "keras_metadata.pb");
        string json = File.Exists(metadataFile) ? RootFromKerasMetadata(metadataFile) : RootFromObjectGraph(Parsed(), pb);
        JsonObject root = PythonJson.Parse(json, metadataFile) as JsonObject
            ?? throw new KerasFormatException("The root's Keras metadata is not a JSON object.", "root", metadataFile);
        Normalize(root);

        JsonNode config = root["model_config"]?.DeepClone()
            ?? new JsonObject { ["class_name"] = root["class_name"]?.DeepClone(), ["config"] = root["config"]?.DeepClone() };
        var ctx = new DeserializationContext(customObjects, metadataFile);
        Model model;
        try
        {
            using (Backend.InitializationScope.Skip())
            {
                model = (Model)KerasSerializer.Deserialize(config, typeof(Model), ctx, "root $")!;
            }
        }
        catch (KerasFormatException unknown) when (HasServingSignature(Parsed()))
        {
            // As tf.keras: without the class, revive the model from its traced functions.
            Console.Error.WriteLine($"WARNING: {unknown.Detail} Reviving the model from its saved serving function instead: it predicts as the original and trains with the default training step (compiled from its training config when the file has one), but it is not an instance of its class, lists no layers and cannot be saved back with its config.");
            RevivedModel revived = RevivedModel.Revive(folder, (string?)root["name"] ?? "model", (string?)root["class_name"] ?? "Model", TrainableFlags(Parsed()), LayerNames(config, "input_layers"), LayerNames(config, "output_layers") is { } outs ? SavedModelWriter.UniqueKeys(outs) : null);
            if (compile && root["training_config"] is JsonObject revivedTraining)
            {
                // As tf.keras: the revived model comes back compiled from its training config (fresh optimizer state).
                try
                {
                    TrainingConfig.Apply(revived, revivedTraining, ctx, "root $.training_config");
                }
                catch (KerasFormatException notCompiled)
                {
                    Console.Error.WriteLine($"WARNING: The revived model is not compiled: {notCompiled.Detail} Call Compile before Fit or Evaluate.");
                }
            }

            return revived;
        }

        ModelBuilding.EnsureBuilt(model, root["build_input_shape"]);
        ModelBuilding.BuildDeferredWeights(model);
        if (compile && root["training_config"] is JsonObject training)
        {
            TrainingConfig.Apply(model, training, ctx, "root $.training_config");
        }

        string prefix = Path.Combine(folder, "variables", "variables");
        if (File.Exists(prefix + ".index"))
        {
            LoadStatus status = ObjectGraphRestorer.Restore(model, prefix);
            var missing = model.Weights.Select(w => w.Name).Where(status.UnmatchedVariables.Contains).ToList();
            if (model.Weights.Count == 0 && status.UnusedSaved.Count > 0)
            {
                throw new KerasFormatException("The model rebuilt from its config has no variables (it was never built), but the SavedModel holds values for it.", "variables/variables", prefix + ".index");
            }

            if (missing.Count > 0 || status.Mismatched.Count > 0)
            {
                throw new KerasFormatException(
                    $"The SavedModel's variables do not fit the model rebuilt from its config: not restored {string.Join(", ", missing)}{(status.Mismatched.Count > 0 ? "; shapes differ: " + string.Join("; ", status.Mismatched) : string.Empty)}.",
                    "variables/variables",
                    prefix + ".index");
            }
        }

        return model;
    }

    /// <summary>The layer names of a functional config's <c>input_layers</c>/<c>output_layers</c> (<c>[[name, node, index], ...]</c>), or null.</summary>
    private static List<string>? LayerNames(JsonNode config, string key) =>
        Models.FunctionalConfig.EndKeys(config["config"]?[key]) is { } keys ? keys
        : config["config"]?[key] is JsonArray list
            ? list.Select(e => e is JsonArray { Count: > 0 } entry && entry[0]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)entry[0]! : null).OfType<string>().ToList()
            : null;

    private static bool HasServingSignature(Proto.SavedModel saved) =>
        saved.MetaGraphs.FirstOrDefault()?.SignatureDef.ContainsKey("serving_default") == true;

    /// <summary>Whether each saved variable is trainable, by its name (SavedVariable.trainable).</summary>
    private static Dictionary<string, bool> TrainableFlags(Proto.SavedModel saved)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var node in saved.MetaGraphs.FirstOrDefault()?.ObjectGraphDef?.Nodes ?? [])
        {
            if (node.Variable is { } v)
            {
                result.TryAdd(v.Name, v.Trainable);
            }
        }

        return result;
    }

    private static string RootFromKerasMetadata(string file)
    {
        SavedMetadata metadata;
        try
        {
            metadata = SavedMetadata.Parser.ParseFrom(File.ReadAllBytes(file));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new KerasFormatException($"keras_metadata.pb cannot be decoded ({e.Message}).", null, file, e);
        }

        return metadata.Nodes.FirstOrDefault(n => n.NodeId == 0)?.Metadata
            ?? throw new KerasFormatException("keras_metadata.pb has no entry for the root (node 0); it is not a Keras model.", "root", file);
    }

    private static string RootFromObjectGraph(Proto.SavedModel saved, string pb)
    {
        var graph = saved.MetaGraphs.FirstOrDefault()?.ObjectGraphDef;
        string? metadata = graph?.Nodes.FirstOrDefault()?.UserObject?.Metadata;
        return string.IsNullOrEmpty(metadata)
            ? throw new KerasFormatException(
                "This SavedModel has no Keras metadata (no keras_metadata.pb, no metadata on the root object): it was not written by Keras. Load it with SavedModel.Load to call its signatures.",
                "object_graph_def.nodes[0]",
                pb)
            : metadata;
    }

    /// <summary>tf-keras's metadata encoder writes tuples and TensorShapes as <c>{"class_name": "__tuple__", "items": [...]}</c>; configs want lists.</summary>
    internal static void Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonObject { } inner && inner["class_name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                        && (string?)inner["class_name"] is "__tuple__" or "TensorShape" && inner["items"] is JsonArray items)
                    {
                        obj[key] = items.DeepClone();
                    }

                    Normalize(obj[key]);
                }

                break;
            case JsonArray arr:
                for (int i = 0; i < arr.Count; i++)
                {
                    if (arr[i] is JsonObject { } inner && (string?)inner["class_name"] is "__tuple__" or "TensorShape" && inner["items"] is JsonArray items)
                    {
                        arr[i] = items.DeepClone();
                    }

                    Normalize(arr[i]);
                }

                break;
        }
    }

}
