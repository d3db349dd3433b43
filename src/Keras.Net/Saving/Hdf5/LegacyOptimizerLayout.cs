// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Optimizers;
using Keras.Net.Serialization;

namespace Keras.Net.Saving.Hdf5;

/// <summary>
/// The optimizer section as tf.keras &lt;= 2.10 (the <c>optimizer_v2</c> optimizers) writes it, checked against a
/// real 2.10 file (k2100): <c>weight_names</c> are <c>Adam/iter:0</c>, then each slot kind for every variable in
/// turn (<c>Adam/dense/kernel/m:0</c>, <c>Adam/dense/bias/m:0</c>, ..., then the <c>v</c>s), which is the order 2.10
/// restores by position; the config has <c>name</c>, <c>learning_rate</c>, <c>decay</c> and the optimizer's own
/// hyper-parameters, since the 2.10 constructors refuse the 2.11+ keys (<c>weight_decay</c>, <c>use_ema</c>, ...).
/// </summary>
internal static class LegacyOptimizerLayout
{
    private static readonly HashSet<string> NewerKeys = ["name", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "jit_compile", "is_legacy_optimizer", "learning_rate"];

    /// <summary>Refuses optimizers whose 2.10 layout differs from this one (other slot names or extra variables).</summary>
    internal static void Check(Optimizer optimizer)
    {
        if (optimizer is not (Adam or RMSprop) || optimizer is AdamW)
        {
            throw new ArgumentException($"The tf.keras <= 2.10 optimizer layout is written for Adam and RMSprop; {optimizer.GetType().Name} has no 2.10 layout here. Save without LegacyOptimizerLayout.");
        }

        if (optimizer.UseEma)
        {
            throw new ArgumentException("tf.keras <= 2.10 optimizers have no moving average (use_ema); save without LegacyOptimizerLayout.");
        }
    }

    internal static List<(string Name, Variable Variable)> Variables(Optimizer optimizer)
    {
        var result = new List<(string, Variable)> { ($"{optimizer.Name}/iter:0", optimizer.IterationsVariable) };
        for (int k = 0; k < optimizer.SlotDefinitions.Count; k++)
        {
            string slot = optimizer.SlotDefinitions[k].TfKerasName;
            result.AddRange(optimizer.TrainableVariables.Select(v => ($"{optimizer.Name}/{v.Path}/{slot}:0", optimizer.SlotsFor(v)[k])));
        }

        return result;
    }

    internal static JsonObject Config(Optimizer optimizer)
    {
        JsonObject current = optimizer.GetConfig();
        var config = new JsonObject
        {
            ["name"] = optimizer.Name,
            ["learning_rate"] = current["learning_rate"]?.DeepClone(),
            ["decay"] = 0.0,
        };
        foreach (string clip in new[] { "clipnorm", "clipvalue", "global_clipnorm" })
        {
            if (current[clip] is not null)
            {
                config[clip] = current[clip]!.DeepClone();
            }
        }

        foreach (var (key, value) in current)
        {
            if (!NewerKeys.Contains(key))
            {
                config[key] = value?.DeepClone();
            }
        }

        return new JsonObject { ["class_name"] = KerasRegistry.RegisteredName(optimizer.GetType()), ["config"] = config };
    }
}
