// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using PureHDF;

namespace Keras.Net.Saving.Hdf5;

/// <summary>
/// Keras 1 optimizer state. Keras 1.2's <c>collect_trainable_weights</c> deduplicates the model's trainable weights
/// and sorts them by variable name (<c>dense_1_W</c>, <c>dense_1_b</c>, <c>lstm_1_U_c</c>, ...: code-point order), and
/// the optimizer keeps one list per slot kind over that order, after the iteration counter for those that have one
/// (RMSprop: accumulators only; Adam: iterations, then every m, then every v). The slot values of a Keras 1 LSTM's
/// twelve gate matrices are merged exactly as its weights are (<see cref="Keras1Weights"/>).
/// </summary>
internal static class Keras1OptimizerState
{
    internal static void Restore(Model model, Hdf5Reader reader, IH5Group modelWeights, IH5Group optimizerGroup)
    {
        Optimizer optimizer = model.Optimizer!;
        optimizer.Build(model.TrainableWeights);
        List<string> names = reader.StringList(optimizerGroup, "weight_names") ?? [];
        var saved = (reader.StringList(modelWeights, "layer_names") ?? [])
            .Select(l => (Layer: l, Weights: reader.StringList(reader.Group(modelWeights, l), "weight_names") ?? []))
            .Where(l => l.Weights.Count > 0)
            .ToList();
        List<string> trainable = saved.SelectMany(l => l.Weights).Where(n => !IsStatistic(n)).Distinct().Order(StringComparer.Ordinal).ToList();
        var layers = model.Layers.Where(l => l.Weights.Count > 0).ToList();
        int kinds = optimizer.SlotDefinitions.Count;
        int prefix = names.Count - (kinds * trainable.Count);
        if (trainable.Count == 0 || prefix is not (0 or 1) || layers.Count != saved.Count)
        {
            Warn(reader, $"the Keras 1 optimizer state ({names.Count} values) does not fit {optimizer.GetType().Name} over {trainable.Count} trainable weights");
            return;
        }

        var position = trainable.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var values = new List<(Variable, Tensor)>();
        try
        {
            for (int k = 0; k < kinds; k++)
            {
                int kind = k;
                (IH5Dataset, string) Open(string weight)
                {
                    string name = names[prefix + (kind * trainable.Count) + position[weight]];
                    return (reader.Dataset(optimizerGroup, name), $"{optimizerGroup.Name}/{name}");
                }

                for (int l = 0; l < layers.Count; l++)
                {
                    Layer layer = layers[l];
                    List<string> weightNames = saved[l].Weights;
                    var converted = Keras1Weights.Convert(layer, reader, Open, $"{optimizerGroup.Name} ({saved[l].Layer})", weightNames)
                        ?? Direct(layer, reader, weightNames, Open);
                    foreach (var (variable, value) in converted)
                    {
                        if (optimizer.TrainableVariables.Contains(variable))
                        {
                            values.Add((optimizer.SlotsFor(variable)[k], value));
                        }
                        else
                        {
                            value.Dispose();
                        }
                    }
                }
            }

            long? iterations = null;
            if (prefix == 1)
            {
                using Tensor counter = reader.Tensor(reader.Dataset(optimizerGroup, names[0]), [], $"{optimizerGroup.Name}/{names[0]}");
                iterations = (long)Ops.ToScalar(counter);
            }

            foreach (var (slot, value) in values)
            {
                slot.Assign(value);
            }

            if (iterations is long n)
            {
                optimizer.Iterations = n;
            }
        }
        catch (KerasFormatException e)
        {
            Warn(reader, e.Message);
        }
        finally
        {
            values.ForEach(v => v.Item2.Dispose());
        }
    }

    /// <summary>A layer whose weights need no conversion: its i-th weight takes the slot of the i-th saved name (statistics skipped).</summary>
    private static List<(Variable, Tensor)> Direct(Layer layer, Hdf5Reader reader, List<string> weightNames, Func<string, (IH5Dataset, string)> open)
    {
        IReadOnlyList<Variable> vars = layer.Weights;
        if (vars.Count != weightNames.Count)
        {
            throw reader.Error($"Layer \"{layer.Name}\" has {vars.Count} weights but the file names {weightNames.Count}.", "optimizer_weights");
        }

        var result = new List<(Variable, Tensor)>();
        for (int i = 0; i < vars.Count; i++)
        {
            if (!IsStatistic(weightNames[i]))
            {
                var (ds, path) = open(weightNames[i]);
                result.Add((vars[i], reader.Tensor(ds, vars[i].Shape.ToArray(), path)));
            }
        }

        return result;
    }

    /// <summary>BatchNormalization's running statistics, which Keras 1 does not train.</summary>
    private static bool IsStatistic(string name) => name.Contains("_running_mean", StringComparison.Ordinal) || name.Contains("_running_std", StringComparison.Ordinal);

    private static void Warn(Hdf5Reader reader, string why) =>
        Console.Error.WriteLine($"WARNING: {reader.FilePath}: {why}; training will start with a fresh optimizer.");
}
