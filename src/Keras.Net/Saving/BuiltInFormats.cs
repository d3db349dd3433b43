// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Saving.KerasV3;
using Keras.Net.Saving.SavedModels;

namespace Keras.Net.Saving;

/// <summary>The built-in formats, behind the same <see cref="IModelFormat"/> a third-party format implements.</summary>
internal static class BuiltInFormats
{
    /// <summary>tf.keras 2.x HDF5 (<c>.h5</c>, <c>.hdf5</c>).</summary>
    internal sealed class Hdf5Format : IModelFormat
    {
        public string Name => "h5";

        public bool IsWrittenFor(string path) => path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase);

        public bool CanRead(string path) => File.Exists(path) && SaveFormats.Sniff(path) == SaveFormat.Hdf5 && !Keras3Loader.IsKeras3Layout(path);

        public void Save(Model model, string path, ModelSaveOptions options) => Hdf5Writer.SaveModel(model, path, options.IncludeOptimizer, options.LegacyOptimizerLayout);

        public Model Load(string path, ModelLoadOptions options)
        {
            using var budget = Backend.AllocationBudget.ForFile(new FileInfo(path).Length, path);
            return Hdf5Loader.LoadModel(path, options.CustomObjects, options.Compile);
        }

        public void SaveWeights(Model model, string path) => Hdf5Writer.SaveWeights(model, path);

        public LoadStatus LoadWeights(Model model, string path, bool byName, bool skipMismatch) => Hdf5Loader.LoadWeights(model, path, byName, skipMismatch);
    }

    /// <summary>Keras 3 <c>.keras</c> archives and <c>.weights.h5</c> files.</summary>
    internal sealed class KerasV3Format : IModelFormat
    {
        public string Name => "keras";

        public bool IsWrittenFor(string path) => path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase)
            || IsShardManifest(path);

        public bool CanRead(string path) => Keras3Loader.IsFolder(path) || (File.Exists(path) && (IsShardManifest(path) || SaveFormats.Sniff(path) switch
        {
            SaveFormat.Keras3 => true,
            SaveFormat.Hdf5 => Keras3Loader.IsKeras3Layout(path),
            _ => false,
        }));

        public void Save(Model model, string path, ModelSaveOptions options)
        {
            if (IsShardManifest(path))
            {
                throw new ArgumentException("A .weights.json path holds sharded weights: use SaveWeights, or save the model as .keras.", nameof(path));
            }

            if (options.Zipped)
            {
                Keras3Writer.Save(model, path, options.IncludeOptimizer);
            }
            else
            {
                Keras3Writer.SaveFolder(model, path, options.IncludeOptimizer);
            }
        }

        public Model Load(string path, ModelLoadOptions options) => Keras3Loader.Load(path, options.CustomObjects, options.Compile);

        public void SaveWeights(Model model, string path)
        {
            if (IsShardManifest(path))
            {
                Keras3Writer.SaveShardedWeights(model, path, DefaultMaxShardSizeGb);
            }
            else
            {
                Keras3Writer.SaveWeights(model, path);
            }
        }

        public LoadStatus LoadWeights(Model model, string path, bool byName, bool skipMismatch) =>
            byName || skipMismatch
                ? throw new ArgumentException("byName and skipMismatch apply to tf.keras HDF5 files; Keras 3 weights are matched by object path.", byName ? nameof(byName) : nameof(skipMismatch))
                : IsShardManifest(path) ? Keras3Loader.LoadShardedWeights(model, path) : Keras3Loader.LoadWeights(model, path);

        /// <summary>Keras 3's default <c>max_shard_size</c> (GB) for a sharded store.</summary>
        internal const double DefaultMaxShardSizeGb = 5;

        private static bool IsShardManifest(string path) => path.EndsWith(".weights.json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>TensorFlow: SavedModel folders (whole models) and checkpoints (weights); the default without a suffix.</summary>
    internal sealed class TensorFlowFormat : IModelFormat
    {
        public string Name => "tf";

        public bool IsWrittenFor(string path) => false;

        public bool CanRead(string path) =>
            (Directory.Exists(path) && File.Exists(Path.Combine(path, "saved_model.pb")))
            || File.Exists(path + ".index")
            || (path.EndsWith(".index", StringComparison.Ordinal) && File.Exists(path));

        public void Save(Model model, string path, ModelSaveOptions options) => SavedModelWriter.Save(model, path, options.IncludeOptimizer, options.SaveTraces);

        public Model Load(string path, ModelLoadOptions options)
        {
            if (!Directory.Exists(path))
            {
                throw new KerasFormatException("This is a TensorFlow checkpoint (weights only): build the model and call LoadWeights.", null, path);
            }

            string variables = Path.Combine(path, "variables");
            long bytes = Directory.Exists(variables) ? new DirectoryInfo(variables).EnumerateFiles().Sum(f => f.Length) : 0;
            using var budget = Backend.AllocationBudget.ForFile(bytes, path);
            return KerasSavedModelLoader.Load(path, options.CustomObjects, options.Compile);
        }

        public void SaveWeights(Model model, string path)
        {
            ObjectGraphWriter.Write(model, path, rootSelfEdge: true);
            CheckpointState.Write(path);
        }

        public LoadStatus LoadWeights(Model model, string path, bool byName, bool skipMismatch) =>
            byName || skipMismatch
                ? throw new ArgumentException("byName and skipMismatch apply to HDF5 files; TensorFlow checkpoints are matched by their object graph.", byName ? nameof(byName) : nameof(skipMismatch))
                : ObjectGraphRestorer.Restore(model, Checkpoint.ResolvePrefix(path));
    }
}
