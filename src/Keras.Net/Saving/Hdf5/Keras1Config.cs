// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Saving.Hdf5;

/// <summary>
/// Translates a Keras 1 model config into the Keras 2 form for the layers whose Keras 1 arguments map one to one:
/// <c>Dense</c> (<c>output_dim</c>, <c>init</c>, <c>bias</c>), <c>LSTM</c> (<c>output_dim</c>, <c>init</c>,
/// <c>inner_init</c>, <c>inner_activation</c>, <c>dropout_W</c>, <c>dropout_U</c>), <c>Activation</c>,
/// <c>Dropout</c> (<c>p</c>) and <c>InputLayer</c>. Any other layer, or a Keras 1 regularizer or constraint, is
/// refused with the layer's name; the Keras 1 LSTM's twelve gate weights are merged at load time.
/// </summary>
internal static class Keras1Config
{
    private static readonly HashSet<string> Dropped = ["input_dim", "input_length", "input_dtype", "consume_less", "forget_bias_init"];

    /// <summary>The Keras 2 config, or throws through <paramref name="refuse"/> naming what cannot be mapped.</summary>
    internal static JsonNode Translate(JsonNode config, Func<string, Exception> refuse)
    {
        if (config is not JsonObject { } model || model["class_name"]?.GetValue<string>() is not ("Sequential" or "Model"))
        {
            throw refuse("Keras 1 file: only Sequential and functional models are mapped.");
        }

        JsonNode result = config.DeepClone();
        JsonNode? layers = result["config"] is JsonArray list ? list : result["config"]?["layers"];
        foreach (JsonObject layer in (layers as JsonArray ?? []).OfType<JsonObject>())
        {
            string cls = layer["class_name"]!.GetValue<string>();
            JsonObject args = layer["config"]!.AsObject();
            layer["config"] = cls switch
            {
                "Dense" => Map(args, cls, refuse, ("output_dim", "units"), ("init", "kernel_initializer"), ("bias", "use_bias")),
                "LSTM" => Map(args, cls, refuse, ("output_dim", "units"), ("init", "kernel_initializer"), ("inner_init", "recurrent_initializer"), ("inner_activation", "recurrent_activation"), ("dropout_W", "dropout"), ("dropout_U", "recurrent_dropout")),
                "Dropout" => Map(args, cls, refuse, ("p", "rate")),
                "Activation" or "InputLayer" => Map(args, cls, refuse),
                _ => throw refuse($"Keras 1 file: unsupported layer {cls}. Only Dense, LSTM, Dropout and Activation have their Keras 1 arguments mapped; re-save the model with Keras 2 or later."),
            };
        }

        return result;
    }

    private static JsonObject Map(JsonObject args, string cls, Func<string, Exception> refuse, params (string From, string To)[] renames)
    {
        var result = new JsonObject();
        foreach (var (key, value) in args)
        {
            if (Dropped.Contains(key))
            {
                continue;
            }

            if ((key.EndsWith("_regularizer", StringComparison.Ordinal) || key.EndsWith("_constraint", StringComparison.Ordinal)) && value is not null)
            {
                throw refuse($"Keras 1 file: unsupported layer argument {key} of {cls} \"{args["name"]?.GetValue<string>()}\" (Keras 1 regularizers and constraints are not mapped); re-save the model with Keras 2 or later.");
            }

            if (key is "W_regularizer" or "U_regularizer" or "b_regularizer" or "W_constraint" or "U_constraint" or "b_constraint")
            {
                continue;
            }

            string name = renames.FirstOrDefault(r => r.From == key).To ?? key;
            result[name] = value?.DeepClone();
        }

        return result;
    }
}
