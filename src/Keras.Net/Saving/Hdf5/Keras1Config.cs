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
            TranslateLayer(layer, refuse);
        }

        return result;
    }

    private static void TranslateLayer(JsonObject layer, Func<string, Exception> refuse)
    {
        string cls = layer["class_name"]!.GetValue<string>();
        JsonObject args = layer["config"]!.AsObject();
        switch (cls)
        {
            case "Dense":
                layer["config"] = Map(args, cls, refuse, ("output_dim", "units"), ("init", "kernel_initializer"), ("bias", "use_bias"));
                break;
            case "TimeDistributedDense":
                JsonObject dense = Map(args, cls, refuse, ("output_dim", "units"), ("init", "kernel_initializer"), ("bias", "use_bias"));
                string name = args["name"]!.GetValue<string>();
                dense["name"] = name + "_dense";
                dense.Remove("batch_input_shape");
                layer["class_name"] = "TimeDistributed";
                layer["config"] = new JsonObject { ["name"] = name, ["trainable"] = args["trainable"]?.DeepClone() ?? true, ["layer"] = new JsonObject { ["class_name"] = "Dense", ["config"] = dense } };
                break;
            case "LSTM":
                layer["config"] = Map(args, cls, refuse, ("output_dim", "units"), ("init", "kernel_initializer"), ("inner_init", "recurrent_initializer"), ("inner_activation", "recurrent_activation"), ("dropout_W", "dropout"), ("dropout_U", "recurrent_dropout"));
                break;
            case "Bidirectional":
                TranslateLayer(args["layer"]!.AsObject(), refuse);
                layer["config"] = Map(args, cls, refuse);
                break;
            case "Convolution1D":
                layer["class_name"] = "Conv1D";
                layer["config"] = Map(args, cls, refuse, ("nb_filter", "filters"), ("filter_length", "kernel_size"), ("subsample_length", "strides"), ("border_mode", "padding"), ("init", "kernel_initializer"), ("bias", "use_bias"));
                break;
            case "Convolution2D":
                JsonObject conv = Map(args, cls, refuse, ("nb_filter", "filters"), ("subsample", "strides"), ("border_mode", "padding"), ("init", "kernel_initializer"), ("bias", "use_bias"), ("dim_ordering", "data_format"));
                conv["kernel_size"] = new JsonArray(args["nb_row"]!.DeepClone(), args["nb_col"]!.DeepClone());
                conv.Remove("nb_row");
                conv.Remove("nb_col");
                layer["class_name"] = "Conv2D";
                layer["config"] = conv;
                break;
            case "MaxPooling2D" or "AveragePooling2D":
                layer["config"] = Map(args, cls, refuse, ("border_mode", "padding"), ("dim_ordering", "data_format"));
                break;
            case "Embedding":
                if (args["dropout"] is JsonValue dropout && dropout.GetValue<double>() != 0)
                {
                    throw refuse($"Keras 1 file: unsupported layer argument dropout={dropout} of Embedding \"{args["name"]}\" (Keras 1 embedding dropout is not mapped).");
                }

                args.Remove("dropout");
                layer["config"] = Map(args, cls, refuse, ("init", "embeddings_initializer"), ("W_regularizer", "embeddings_regularizer"), ("W_constraint", "embeddings_constraint"));
                break;
            case "BatchNormalization":
                if (args["mode"] is JsonValue mode && mode.GetValue<int>() != 0)
                {
                    throw refuse($"Keras 1 file: unsupported layer argument mode={mode} of BatchNormalization \"{args["name"]}\" (only mode 0, feature-wise normalization, exists in Keras 2).");
                }

                args.Remove("mode");
                layer["config"] = Map(args, cls, refuse, ("beta_init", "beta_initializer"), ("gamma_init", "gamma_initializer"));
                break;
            case "Dropout":
                layer["config"] = Map(args, cls, refuse, ("p", "rate"));
                break;
            case "Activation" or "InputLayer" or "Flatten" or "Reshape":
                layer["config"] = Map(args, cls, refuse);
                break;
            default:
                throw refuse($"Keras 1 file: unsupported layer {cls}. Its Keras 1 arguments are not mapped; re-save the model with Keras 2 or later.");
        }
    }

    private static JsonObject Map(JsonObject args, string cls, Func<string, Exception> refuse, params (string From, string To)[] renames)
    {
        var result = new JsonObject();
        foreach (var (key, value) in args)
        {
            if (Dropped.Contains(key) && !(cls == "Embedding" && key is "input_dim" or "input_length"))
            {
                continue;
            }

            if (key is "W_regularizer" or "U_regularizer" or "b_regularizer" or "activity_regularizer" or "gamma_regularizer" or "beta_regularizer")
            {
                string target = key switch
                {
                    "W_regularizer" => cls == "Embedding" ? "embeddings_regularizer" : "kernel_regularizer",
                    "U_regularizer" => "recurrent_regularizer",
                    "b_regularizer" => "bias_regularizer",
                    _ => key,
                };
                result[target] = Regularizer(value, key, cls, refuse);
                continue;
            }

            if (key.EndsWith("_constraint", StringComparison.Ordinal))
            {
                if (value is not null)
                {
                    throw refuse($"Keras 1 file: unsupported layer argument {key} of {cls} \"{args["name"]?.GetValue<string>()}\" (Keras 1 constraints are not mapped); re-save the model with Keras 2 or later.");
                }

                continue;
            }

            if (key == "dim_ordering")
            {
                string ordering = value!.GetValue<string>();
                result["data_format"] = ordering == "tf" ? "channels_last" : throw refuse($"Keras 1 file: unsupported layer argument dim_ordering=\"{ordering}\" of {cls} \"{args["name"]?.GetValue<string>()}\" (Theano-ordered kernels are not converted).");
                continue;
            }

            if (key is "filter_length" or "subsample_length" && value is JsonValue single)
            {
                result[key == "filter_length" ? "kernel_size" : "strides"] = new JsonArray(single.DeepClone());
                continue;
            }

            string name = renames.FirstOrDefault(r => r.From == key).To ?? key;
            result[name] = value?.DeepClone();
        }

        return result;
    }

    /// <summary>A Keras 1 regularizer (<c>{"name": "WeightRegularizer", "l1": a, "l2": b}</c>) as a Keras 2 L1L2.</summary>
    private static JsonNode? Regularizer(JsonNode? value, string key, string cls, Func<string, Exception> refuse)
    {
        if (value is null)
        {
            return null;
        }

        if (value is JsonObject o && o["l1"] is JsonValue l1 && o["l2"] is JsonValue l2)
        {
            return new JsonObject { ["class_name"] = "L1L2", ["config"] = new JsonObject { ["l1"] = l1.DeepClone(), ["l2"] = l2.DeepClone() } };
        }

        throw refuse($"Keras 1 file: unsupported layer argument {key} of {cls} ({value.ToJsonString()}).");
    }
}
