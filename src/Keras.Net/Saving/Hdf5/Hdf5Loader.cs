// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Serialization;
using PureHDF;

namespace Keras.Net.Saving.Hdf5;

/// <summary>Reads tf.keras / Keras 2 / Keras 3-legacy HDF5 files (formats.md 1.3-1.12).</summary>
internal static class Hdf5Loader
{
    internal static Model LoadModel(string path, IReadOnlyDictionary<string, object>? customObjects, bool compile)
    {
        using Hdf5Reader reader = Hdf5Reader.Open(path);
        IH5Group root = reader.Root;
        string json = reader.String(root, "model_config")
            ?? throw reader.Error("No model found in config file (no \"model_config\" attribute). It may be a weights-only file: build the model and call LoadWeights.", "/@model_config");
        var ctx = new DeserializationContext(customObjects, path);
        JsonNode config = PythonJson.Parse(json, path);
        string? version = reader.String(root, "keras_version");
        if (version is null || version.StartsWith('1'))
        {
            config = Keras1Config.Translate(config, message => reader.Error($"{message} (keras_version {version ?? "missing"})", "/@model_config"));
        }

        Model model;
        using (Backend.InitializationScope.Skip())
        {
            // Every weight is overwritten below (topological loading requires all counts to match).
            model = (Model)KerasSerializer.Deserialize(config, typeof(Model), ctx, "/@model_config $")!;
        }

        IH5Group weights = reader.Group(root, "model_weights");
        // A fresh model is discarded on failure, so values go straight into the variables (peak memory ~1x).
        LoadWeightsInto(model, reader, weights, byName: false, skipMismatch: false, staged: false);
        if (compile && reader.String(root, "training_config") is string training)
        {
            TrainingConfig.Apply(model, (JsonObject)PythonJson.Parse(training, path), ctx, "/@training_config $");
            if (reader.HasLink(root, "optimizer_weights") && (version is null || version.StartsWith('1')))
            {
                Keras1OptimizerState.Restore(model, reader, weights, reader.Group(root, "optimizer_weights"));
            }
            else if (reader.HasLink(root, "optimizer_weights"))
            {
                RestoreOptimizer(model, reader, reader.Group(root, "optimizer_weights"));
            }
        }

        return model;
    }

    internal static LoadStatus LoadWeights(Model model, string path, bool byName, bool skipMismatch)
    {
        using Hdf5Reader reader = Hdf5Reader.Open(path);
        IH5Group group = reader.Root;
        if (!reader.HasAttribute(group, "layer_names") && !reader.HasAttribute(group, "layer_names0") && reader.HasLink(group, "model_weights"))
        {
            group = reader.Group(group, "model_weights");
        }

        return LoadWeightsInto(model, reader, group, byName, skipMismatch);
    }

    /// <summary>
    /// A Sequential saved with no input shape at all (no <c>Input</c>, no <c>batch_input_shape</c>, no
    /// <c>build_input_shape</c>: Keras 2 models fitted on data) is built from its first layer's first saved weight,
    /// where that weight determines the input (Dense, convolutions, recurrent layers, Embedding). Keras itself
    /// cannot load such a file (its layers have no weights to load into).
    /// </summary>
    private static void BuildFromFirstWeight(Model model, Hdf5Reader reader, IH5Group weights)
    {
        if (model is not Sequential { Built: false } sequential || sequential.Layers.Count == 0)
        {
            return;
        }

        Layer first = sequential.Layers[0];
        if (!reader.HasLink(weights, first.Name))
        {
            return;
        }

        IH5Group layerGroup = reader.Group(weights, first.Name);
        if (reader.StringList(layerGroup, "weight_names") is not [string weight, ..])
        {
            return;
        }

        long[] dims = reader.Dataset(layerGroup, weight).Space.Dimensions.Select(d => checked((long)d)).ToArray();
        if (first.InputShapeFromWeight(dims) is Shape shape)
        {
            ModelBuilding.EnsureBuilt(model, shape);
        }
    }

    /// <summary>Restores weights and, when the model is compiled, optimizer state from a whole-model file into an existing model.</summary>
    internal static void RestoreState(Model model, string path)
    {
        using Hdf5Reader reader = Hdf5Reader.Open(path);
        LoadWeightsInto(model, reader, reader.Group(reader.Root, "model_weights"), byName: false, skipMismatch: false);
        if (model.Optimizer is not null && reader.HasLink(reader.Root, "optimizer_weights"))
        {
            RestoreOptimizer(model, reader, reader.Group(reader.Root, "optimizer_weights"));
        }
    }

    private static LoadStatus LoadWeightsInto(Model model, Hdf5Reader reader, IH5Group group, bool byName, bool skipMismatch, bool staged = true)
    {
        if (skipMismatch && !byName)
        {
            throw new ArgumentException("When calling LoadWeights with skipMismatch: true, byName must be true as well.", nameof(skipMismatch));
        }

        List<string> layerNames = reader.StringList(group, "layer_names")
            ?? throw reader.Error("Not a Keras weights file: no \"layer_names\" attribute.", group.Name + "@layer_names");
        BuildFromFirstWeight(model, reader, group);
        var saved = new List<(string Layer, List<string> Weights)>();
        foreach (string name in layerNames)
        {
            IH5Group lg = reader.Group(group, name);
            saved.Add((name, reader.StringList(lg, "weight_names") ?? []));
        }

        var assignments = new List<(Variable Variable, Tensor Value)>();
        var pending = new List<(Variable Variable, IH5Dataset Dataset, long[] Shape, string ObjectPath)>();
        var unused = new List<string>();
        var unmatched = new List<string>();
        try
        {
            if (byName)
            {
                var byLayerName = model.Layers.GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                var matched = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
                foreach (var (layerName, weightNames) in saved)
                {
                    if (!byLayerName.TryGetValue(layerName, out List<Layer>? targets))
                    {
                        unused.AddRange(weightNames.Select(w => layerName + "/" + w));
                        continue;
                    }

                    foreach (Layer layer in targets)
                    {
                        IReadOnlyList<Variable> vars = layer.Weights;
                        if (vars.Count != weightNames.Count)
                        {
                            string msg = $"Layer #{model.Layers.ToList().IndexOf(layer)} (named \"{layer.Name}\") expects {vars.Count} weight(s), but the saved weights have {weightNames.Count} element(s).";
                            if (skipMismatch)
                            {
                                Console.Error.WriteLine("WARNING: Skipping loading of weights for layer " + ErrorText.Clip(layer.Name) + " due to mismatch in number of weights. " + ErrorText.Clip(msg, 600));
                                continue;
                            }

                            throw reader.Error(msg, $"{group.Name}/{layerName}");
                        }

                        IH5Group lg = reader.Group(group, layerName);
                        for (int i = 0; i < vars.Count; i++)
                        {
                            string objectPath = $"{group.Name}/{layerName}/{weightNames[i]}";
                            IH5Dataset ds = reader.Dataset(lg, weightNames[i]);
                            long[] fileShape = ds.Space.Dimensions.Select(d => (long)d).ToArray();
                            if (!fileShape.SequenceEqual(vars[i].Shape.ToArray()))
                            {
                                string msg = $"Shape mismatch in layer \"{layer.Name}\" for weight {vars[i].Name}. Weight expects shape {vars[i].Shape}. Received saved weight with shape {Shape.Of(fileShape)}.";
                                if (skipMismatch)
                                {
                                    Console.Error.WriteLine("WARNING: Skipping loading weights for layer " + ErrorText.Clip(layer.Name) + " due to mismatch in shape. " + ErrorText.Clip(msg, 600));
                                    continue;
                                }

                                throw reader.Error(msg, objectPath);
                            }

                            assignments.Add((vars[i], reader.Tensor(ds, fileShape, objectPath)));
                            matched.Add(vars[i]);
                        }
                    }
                }

                unmatched.AddRange(model.Weights.Where(v => !matched.Contains(v)).Select(v => v.Name));
            }
            else
            {
                var layers = model.Layers.Where(l => l.Weights.Count > 0).ToList();
                var filtered = saved.Where(s => s.Weights.Count > 0).ToList();
                if (layers.Count != filtered.Count)
                {
                    string hint = model is Sequential { Built: false }
                        ? " The model has no input shape (none was saved and its first layer's weights do not give one), so its layers have no weights yet: build it (model.EnsureBuilt(inputShape) or an Input layer) before loading the weights."
                        : " Use byName: true to load layers that share names.";
                    throw reader.Error(
                        $"Layer count mismatch when loading weights from file. Model expected {layers.Count} layers with weights, found {filtered.Count} saved layers with weights.{hint}",
                        group.Name + "@layer_names");
                }

                for (int k = 0; k < layers.Count; k++)
                {
                    Layer layer = layers[k];
                    var (layerName, weightNames) = filtered[k];
                    IReadOnlyList<Variable> vars = layer.Weights;
                    if (Keras1Weights.Convert(layer, reader, reader.Group(group, layerName), $"{group.Name}/{layerName}", weightNames) is { } converted)
                    {
                        assignments.AddRange(converted);
                        continue;
                    }

                    if (vars.Count != weightNames.Count)
                    {
                        throw reader.Error(
                            $"Layer #{k} (named \"{layer.Name}\" in the current model) was found to correspond to layer {layerName} in the save file. However the new layer {layer.Name} expects {vars.Count} weights, but the saved weights have {weightNames.Count} elements.",
                            $"{group.Name}/{layerName}@weight_names");
                    }

                    IH5Group lg = reader.Group(group, layerName);
                    for (int i = 0; i < vars.Count; i++)
                    {
                        string objectPath = $"{group.Name}/{layerName}/{weightNames[i]}";
                        IH5Dataset ds = reader.Dataset(lg, weightNames[i]);
                        long[] fileShape = ds.Space.Dimensions.Select(d => (long)d).ToArray();
                        if (!fileShape.SequenceEqual(vars[i].Shape.ToArray()))
                        {
                            throw reader.Error(
                                $"Shape mismatch in layer \"{layer.Name}\" for weight {vars[i].Name}: the model expects {vars[i].Shape}, the file holds {Shape.Of(fileShape)} (saved layer {layerName}, weight {weightNames[i]}).",
                                objectPath);
                        }

                        if (staged)
                        {
                            assignments.Add((vars[i], reader.Tensor(ds, fileShape, objectPath)));
                        }
                        else
                        {
                            pending.Add((vars[i], ds, fileShape, objectPath));
                        }
                    }
                }

                // Unstaged: every shape was checked above; now read each dataset straight into its variable.
                foreach (var (variable, ds, _, objectPath) in pending)
                {
                    reader.ReadInto(ds, variable.Value, objectPath);
                }
            }

            // Assign only after everything was read and checked, so a bad file changes nothing.
            foreach (var (variable, value) in assignments)
            {
                variable.Assign(value);
            }
        }
        finally
        {
            foreach (var (_, value) in assignments)
            {
                value.Dispose();
            }
        }

        var restored = assignments.Select(a => a.Variable).Concat(pending.Select(p => p.Variable)).Select(v => v.Name).ToList();
        return new LoadStatus(reader.FilePath, unused, unmatched, restored);
    }

    private static void RestoreOptimizer(Model model, Hdf5Reader reader, IH5Group group)
    {
        Optimizer optimizer = model.Optimizer!;
        optimizer.Build(model.TrainableWeights);
        List<string> names = reader.StringList(group, "weight_names") ?? [];
        List<Variable> ours = Hdf5Writer.OptimizerVariables(optimizer);
        var byName = new Dictionary<string, Variable>(StringComparer.Ordinal);
        for (int i = 0; i < optimizer.MovingAverages.Count; i++)
        {
            byName[$"{optimizer.Name}/average/{optimizer.TrainableVariables[i].Path}:0"] = optimizer.MovingAverages[i];
        }

        foreach (Variable trainable in optimizer.TrainableVariables)
        {
            IReadOnlyList<Variable> slots = optimizer.SlotsFor(trainable);
            for (int s = 0; s < slots.Count; s++)
            {
                string slot = optimizer.SlotDefinitions[s].TfKerasName;
                byName[$"{optimizer.Name}/{slot}/{trainable.Path}:0"] = slots[s];
                byName[$"{optimizer.Name}/{trainable.Path}/{slot}:0"] = slots[s];
            }
        }

        var plan = new List<(Variable, string)>();
        foreach (string n in names)
        {
            if (IsIterationName(n))
            {
                plan.Add((optimizer.IterationsVariable, n));
            }
            else if (byName.TryGetValue(n, out Variable? v) || byName.TryGetValue(StripOptimizerName(n, optimizer.Name), out v))
            {
                plan.Add((v, n));
            }
        }

        // Names that do not match this model's variable paths (other layer names, Keras 2.0-2.3's "Variable_N:0",
        // Keras 3's "adam/sequential_dense_kernel_momentum") fall back to the order of the generation that wrote them.
        List<Variable> order = PositionalOrder(optimizer, names, ours);
        int variables = optimizer.TrainableVariables.Count;
        bool legacy = names.Count > 0 && names[0] != "iteration:0";

        // Keras 2.1.3-2.3's Adam without AMSGrad saves a (1,)-shaped placeholder v-hat per variable after its slots.
        List<string> placeholders = legacy && variables > 0 && names.Count == order.Count + variables
            ? names[^variables..]
            : [];
        if (plan.Count != names.Count && names.Count - placeholders.Count == order.Count)
        {
            plan = order.Zip(names).Select(p => (p.First, p.Second)).ToList();
        }

        long[] FileShape(string name) => reader.Dataset(group, name).Space.Dimensions.Select(d => (long)d).ToArray();
        bool fits = (plan.Count == names.Count || (plan.Count + placeholders.Count == names.Count && placeholders.All(n => FileShape(n) is [1])))
            && plan.All(p =>
            {
                long[] fileShape = FileShape(p.Item2);
                return fileShape.SequenceEqual(p.Item1.Shape.ToArray()) || (fileShape.Length == 0 && p.Item1.Shape.Rank == 0);
            });
        if (!fits)
        {
            Console.Error.WriteLine($"WARNING: {reader.FilePath}: the optimizer state ({names.Count} values) does not match the optimizer ({ours.Count} variables); training will start with a fresh optimizer.");
            return;
        }

        var values = new List<(Variable, Tensor)>();
        try
        {
            foreach (var (variable, name) in plan)
            {
                string objectPath = $"{group.Name}/{name}";
                values.Add((variable, reader.Tensor(reader.Dataset(group, name), variable.Shape.ToArray(), objectPath)));
            }

            foreach (var (variable, value) in values)
            {
                variable.Assign(value);
            }
        }
        finally
        {
            foreach (var (_, value) in values)
            {
                value.Dispose();
            }
        }

        optimizer.SyncFromVariables();
    }

    /// <summary>
    /// The optimizer's variables in the order a file of this generation lists them: Keras 3's legacy <c>.h5</c>
    /// (<c>adam/iteration</c>, <c>adam/learning_rate</c>, then <see cref="Optimizer.Variables"/>' order); tf.keras
    /// 2.11+ (<c>iteration:0</c> first: the writer's order); older files the iteration counter when they have one
    /// (Keras 2.0-2.2's RMSprop, Adagrad and Adadelta keep none), then every variable's first slot, then every
    /// variable's second slot, ...
    /// </summary>
    private static List<Variable> PositionalOrder(Optimizer optimizer, List<string> names, List<Variable> ours)
    {
        if (names.Count > 1 && names[1].EndsWith("/learning_rate", StringComparison.Ordinal))
        {
            return optimizer.Variables.ToList();
        }

        if (names.Count == 0 || names[0] == "iteration:0")
        {
            return ours;
        }

        List<Variable> order = names.Any(IsIterationName) ? [optimizer.IterationsVariable] : [];
        for (int k = 0; k < optimizer.SlotDefinitions.Count; k++)
        {
            order.AddRange(optimizer.TrainableVariables.Select(v => optimizer.SlotsFor(v)[k]));
        }

        return order;
    }

    private static bool IsIterationName(string n) =>
        n == "iteration:0" || n.EndsWith("/iter:0", StringComparison.Ordinal) || n.EndsWith("/iterations:0", StringComparison.Ordinal) || n.EndsWith("/iteration", StringComparison.Ordinal);

    private static string StripOptimizerName(string name, string optimizerName)
    {
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? optimizerName + name[slash..] : name;
    }
}
