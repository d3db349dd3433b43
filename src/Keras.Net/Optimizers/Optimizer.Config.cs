// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers.Schedules;
using Keras.Net.Serialization;

namespace Keras.Net.Optimizers;

/// <summary>Optimizer configs, as the TF 2.11+ optimizers write them.</summary>
public abstract partial class Optimizer : IKerasSerializable
{
    private static readonly string[] IgnoredKeys = ["use_ema", "ema_momentum", "ema_overwrite_frequency", "jit_compile", "is_legacy_optimizer", "loss_scale_factor", "gradient_accumulation_steps", "decay"];

    /// <summary>
    /// The config: <c>name, weight_decay, clipnorm, global_clipnorm, clipvalue, use_ema, ema_momentum,
    /// ema_overwrite_frequency, jit_compile, is_legacy_optimizer, learning_rate</c> (the float32 variable's
    /// value, widened, or the serialized schedule), then the optimizer's own hyper-parameters.
    /// </summary>
    /// <returns>The config.</returns>
    public virtual JsonObject GetConfig() => new()
    {
        ["name"] = Name,
        ["weight_decay"] = null,
        ["clipnorm"] = Clipnorm,
        ["global_clipnorm"] = GlobalClipnorm,
        ["clipvalue"] = Clipvalue,
        ["use_ema"] = UseEma,
        ["ema_momentum"] = EmaMomentum,
        ["ema_overwrite_frequency"] = EmaOverwriteFrequency,
        ["jit_compile"] = true,
        ["is_legacy_optimizer"] = false,
        ["learning_rate"] = Schedule is null ? (double)(float)_learningRate : KerasSerializer.Serialize(Schedule),
    };

    /// <summary>
    /// Creates an optimizer of type <typeparamref name="T"/> from a tf.keras 2 (legacy or new) or Keras 3 config:
    /// flags without an equivalent here (<c>jit_compile</c>, ...) are dropped, EMA settings are kept, <c>lr</c> is read as
    /// <c>learning_rate</c>, and a serialized schedule becomes <c>schedule</c>.
    /// </summary>
    /// <typeparam name="T">The optimizer class.</typeparam>
    /// <param name="config">The config.</param>
    /// <returns>The optimizer.</returns>
    /// <exception cref="KerasFormatException">The config does not fit the class.</exception>
    protected static T Bind<T>(JsonObject config)
        where T : Optimizer
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = (JsonObject)config.DeepClone();
        bool useEma = c["use_ema"] is JsonValue ema && ema.GetValueKind() == System.Text.Json.JsonValueKind.True;
        double emaMomentum = c["ema_momentum"] is JsonValue momentum && momentum.GetValueKind() == System.Text.Json.JsonValueKind.Number ? momentum.GetValue<double>() : 0.99;
        int? emaOverwrite = c["ema_overwrite_frequency"] is JsonValue every && every.GetValueKind() == System.Text.Json.JsonValueKind.Number ? every.GetValue<int>() : null;
        double legacyDecay = c["decay"] is JsonValue decay && decay.GetValueKind() == System.Text.Json.JsonValueKind.Number ? decay.GetValue<double>() : 0;
        foreach (string key in IgnoredKeys)
        {
            c.Remove(key);
        }

        if (c["lr"] is JsonNode lr && c["learning_rate"] is null)
        {
            c.Remove("lr");
            c["learning_rate"] = lr;
        }
        else
        {
            c.Remove("lr");
        }

        if (legacyDecay != 0 && c["learning_rate"] is JsonValue initial && initial.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            // Keras 2 legacy optimizers: lr_t = lr / (1 + decay * iterations).
            c["learning_rate"] = KerasSerializer.Serialize(new InverseTimeDecay(initial.GetValue<double>(), 1, legacyDecay));
        }

        if (c["learning_rate"] is JsonObject schedule)
        {
            c.Remove("learning_rate");
            c["schedule"] = schedule;
        }

        if (c["weight_decay"] is null && typeof(T) != typeof(AdamW))
        {
            c.Remove("weight_decay");
        }

        if (c["name"] is JsonValue n && n.TryGetValue(out string? name) && name.Equals(typeof(T).Name, StringComparison.OrdinalIgnoreCase))
        {
            c["name"] = typeof(T).Name;
        }

        T optimizer = ArgumentResolver.FromConfig<T>(c);
        if (useEma)
        {
            optimizer.EnableEma(emaMomentum, emaOverwrite);
        }

        return optimizer;
    }
}
