// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Saving;

namespace Keras.Net.Models;

/// <summary>Saving and loading (Keras's <c>save</c>, <c>load_model</c>, <c>save_weights</c>, <c>load_weights</c>).</summary>
public partial class Model
{
    /// <summary>
    /// Saves the whole model: architecture, weights, and (when compiled) the compile settings and optimizer state.
    /// Without a suffix (or with <c>saveFormat: "tf"</c>) this writes a TensorFlow SavedModel folder as tf.keras does
    /// (<c>saved_model.pb</c>, <c>keras_metadata.pb</c>, <c>variables/</c>, <c>assets/</c>); <c>.h5</c>/<c>.hdf5</c> or
    /// <c>saveFormat: "h5"</c> write tf.keras 2.x's HDF5 layout. Writes are atomic: a failed save leaves an existing
    /// file or folder untouched.
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="saveFormat"><c>"tf"</c> or <c>"h5"</c>, or null to choose by the file name.</param>
    /// <param name="includeOptimizer">Whether to write the compile settings and optimizer state.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="saveTraces">
    /// SavedModel only: trace the model's call into a TensorFlow function and a <c>serving_default</c> signature, so the
    /// folder runs without Keras.Net's classes (<c>SavedModel.Load</c>, TensorFlow Serving). A layer whose math cannot be
    /// traced makes the save fail naming it; <c>false</c> skips tracing (smaller, faster; loading then needs the classes).
    /// </param>
    /// <param name="zipped">
    /// <c>.keras</c> only: false writes Keras 3's unzipped form, a folder named <paramref name="path"/> holding
    /// <c>metadata.json</c>, <c>config.json</c> and <c>model.weights.h5</c> (<c>Model.Load</c> reads either).
    /// </param>
    /// <exception cref="NotSupportedException">An untraceable layer (SavedModel with traces).</exception>
    /// <exception cref="InvalidOperationException">The model has not been built (it has no weights yet).</exception>
    /// <exception cref="ArgumentException"><paramref name="zipped"/> is false for a format other than <c>.keras</c>.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed (full disk); the previous file is intact.</exception>
    public void Save(string path, string? saveFormat = null, bool includeOptimizer = true, bool overwrite = true, bool saveTraces = true, bool zipped = true) =>
        Save(path, new ModelSaveOptions(includeOptimizer, saveTraces, zipped), saveFormat, overwrite);

    /// <summary>Saves the whole model with every format option (<see cref="ModelSaveOptions"/>); otherwise as <see cref="Save(string, string, bool, bool, bool, bool)"/>.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="options">What to write and how.</param>
    /// <param name="saveFormat"><c>"tf"</c>, <c>"h5"</c> or <c>"keras"</c>, or null to choose by the file name.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <exception cref="ArgumentException">An option does not apply to the format (<c>Zipped: false</c> outside <c>.keras</c>, <c>LegacyOptimizerLayout</c> outside <c>.h5</c> or for an optimizer without one).</exception>
    /// <exception cref="InvalidOperationException">The model has not been built (it has no weights yet).</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed; the previous file is intact.</exception>
    public void Save(string path, ModelSaveOptions options, string? saveFormat = null, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        string format = (saveFormat ?? System.IO.Path.GetExtension(path)).TrimStart('.');
        if (!options.Zipped && !format.Equals("keras", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"zipped: false applies to the .keras format only (path '{path}', format {saveFormat ?? "by suffix"}).", nameof(options));
        }

        if (options.LegacyOptimizerLayout && !(format.Equals("h5", StringComparison.OrdinalIgnoreCase) || format.Equals("hdf5", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The tf.keras <= 2.10 optimizer layout applies to .h5 files only (path '{path}').", nameof(options));
        }

        if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
        {
            throw new IOException($"{path} already exists and overwrite is false.");
        }

        if (!Built)
        {
            // As tf.keras: a file written now would hold no weights and could not be loaded back into a model.
            throw new InvalidOperationException($"Model \"{Name}\" has not been built yet, so it has no weights to save. Call it on data, or EnsureBuilt(inputShape), before saving.");
        }

        FormatGuard.Save(() => ModelFormatRegistry.ForWriting(path, saveFormat).Save(this, path, options));
    }

    /// <summary>
    /// Restores weights and optimizer state from a full-model file this model saved (BackupAndRestore's resume): the
    /// training loop reaches the formats through the model, so callbacks do not depend on a file format.
    /// </summary>
    internal void RestoreTrainingState(string file) => Saving.Hdf5.Hdf5Loader.RestoreState(this, file);

    /// <summary>
    /// Saves only the weights. Without a <c>.h5</c>/<c>.hdf5</c> suffix (or with <c>saveFormat: "tf"</c>) this writes a
    /// TensorFlow checkpoint at the prefix <paramref name="path"/> (<c>path.index</c>, <c>path.data-00000-of-00001</c>
    /// and the directory's <c>checkpoint</c> state file), keyed by the model's object graph as tf.keras keys it;
    /// <c>.h5</c>/<c>.hdf5</c> write tf.keras's HDF5 weights layout. Writes are atomic.
    /// </summary>
    /// <param name="path">The file or checkpoint prefix.</param>
    /// <param name="saveFormat"><c>"tf"</c> or <c>"h5"</c>, or null to choose by the file name.</param>
    public void SaveWeights(string path, string? saveFormat = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FormatGuard.Save(() => ModelFormatRegistry.ForWriting(path, saveFormat).SaveWeights(this, path));
    }

    /// <summary>
    /// Saves the weights as Keras 3's sharded store (<c>save_weights(path, max_shard_size=...)</c>): the manifest
    /// <paramref name="path"/> (<c>name.weights.json</c>) and shards <c>name_00000.weights.h5</c>, ... beside it, each
    /// at most <paramref name="maxShardSize"/> GB. <see cref="LoadWeights"/> reads the manifest back.
    /// </summary>
    /// <param name="path">The manifest, ending in <c>.weights.json</c>.</param>
    /// <param name="maxShardSize">The largest shard, in GB (Keras's unit).</param>
    /// <exception cref="ArgumentException">The path does not end in <c>.weights.json</c>, or one layer's weights exceed the limit.</exception>
    public void SaveWeights(string path, double maxShardSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(".weights.json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Sharded weights need a manifest path ending in .weights.json (got '{path}').", nameof(path));
        }

        FormatGuard.Save(() => Saving.KerasV3.Keras3Writer.SaveShardedWeights(this, path, maxShardSize));
    }

    /// <summary>
    /// Loads weights saved by <see cref="SaveWeights(string, string)"/> or by Keras. A TensorFlow checkpoint prefix is restored by
    /// walking its object graph (partial restores allowed; the status tells what matched). HDF5: by default layers
    /// with weights are matched by position (topological order); <paramref name="byName"/> matches layers by name
    /// instead; nothing is changed when the file does not fit.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="byName">Match layers by name.</param>
    /// <param name="skipMismatch">With <paramref name="byName"/>: skip layers or weights whose count or shape differs (with a warning).</param>
    /// <returns>What was matched.</returns>
    /// <exception cref="KerasFormatException">The file is not a Keras weights file, is corrupt, or counts or shapes differ (docs/errors.md).</exception>
    /// <exception cref="IOException">The file could not be read (permissions, disk).</exception>
    public LoadStatus LoadWeights(string path, bool byName = false, bool skipMismatch = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path) && !File.Exists(path + ".index"))
        {
            throw new FileNotFoundException($"Weights file not found: {path} (nor a TensorFlow checkpoint {path}.index)", path);
        }

        return FormatGuard.Run(
            path,
            () => ModelFormatRegistry.ForReading(path).LoadWeights(this, path, byName, skipMismatch),
            callerMistake: e => e is ArgumentException { ParamName: nameof(byName) or nameof(skipMismatch) });
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save(string, string, bool, bool, bool, bool)"/> or by Keras (Keras's <c>load_model</c>), compiled and with its
    /// optimizer state when the file has them. The format is recognized from the content.
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="customObjects">Custom classes and functions by name.</param>
    /// <param name="compile">Whether to compile from the saved training config.</param>
    /// <returns>The model.</returns>
    /// <exception cref="KerasFormatException">The file is malformed, corrupt or names unknown classes (docs/errors.md).</exception>
    /// <exception cref="IOException">The file could not be read (permissions, disk).</exception>
    public static Model Load(string path, IReadOnlyDictionary<string, object>? customObjects = null, bool compile = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Backend.NativeLibraryFix.ThrowIfBroken();
        if (!File.Exists(path) && !Directory.Exists(path) && !FileCommit.RecoverFolder(path))
        {
            throw new FileNotFoundException($"No file or directory found at {path}", path);
        }

        return FormatGuard.Run(path, () => ModelFormatRegistry.ForReading(path).Load(path, new ModelLoadOptions(customObjects, compile)));
    }
}
