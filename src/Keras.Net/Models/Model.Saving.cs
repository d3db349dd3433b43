// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Saving;
using Keras.Net.Saving.Hdf5;

namespace Keras.Net.Models;

/// <summary>Saving and loading (Keras's <c>save</c>, <c>load_model</c>, <c>save_weights</c>, <c>load_weights</c>).</summary>
public partial class Model
{
    /// <summary>
    /// Saves the whole model: architecture, weights, and (when compiled) the compile settings and optimizer
    /// state. <c>.h5</c>/<c>.hdf5</c> or <c>saveFormat: "h5"</c> write tf.keras 2.x's HDF5 layout. The write is
    /// atomic: a failed save leaves an existing file untouched.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="saveFormat"><c>"h5"</c>, or null to choose by the file name.</param>
    /// <param name="includeOptimizer">Whether to write the compile settings and optimizer state.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <exception cref="NotSupportedException">A format not implemented yet (SavedModel folders, <c>.keras</c>).</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public void Save(string path, string? saveFormat = null, bool includeOptimizer = true, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
        {
            throw new IOException($"{path} already exists and overwrite is false.");
        }

        switch (SaveFormats.Resolve(path, saveFormat))
        {
            case SaveFormat.Hdf5:
                Hdf5Writer.SaveModel(this, path, includeOptimizer);
                break;
            default:
                throw SaveFormats.NotYet(path, saveFormat);
        }
    }

    /// <summary>Saves only the weights; <c>.h5</c>/<c>.hdf5</c> or <c>saveFormat: "h5"</c> write tf.keras's HDF5 weights layout (atomically).</summary>
    /// <param name="path">The file.</param>
    /// <param name="saveFormat"><c>"h5"</c>, or null to choose by the file name.</param>
    /// <exception cref="NotSupportedException">A format not implemented yet (TF checkpoints, <c>.weights.h5</c>).</exception>
    public void SaveWeights(string path, string? saveFormat = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (SaveFormats.Resolve(path, saveFormat))
        {
            case SaveFormat.Hdf5:
                Hdf5Writer.SaveWeights(this, path);
                break;
            default:
                throw SaveFormats.NotYet(path, saveFormat);
        }
    }

    /// <summary>
    /// Loads weights saved by <see cref="SaveWeights"/> or by Keras. By default layers with weights are
    /// matched by position (topological order); <paramref name="byName"/> matches layers by name instead.
    /// Nothing is changed when the file does not fit.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="byName">Match layers by name.</param>
    /// <param name="skipMismatch">With <paramref name="byName"/>: skip layers or weights whose count or shape differs (with a warning).</param>
    /// <returns>What was matched.</returns>
    /// <exception cref="KerasFormatException">The file is not a Keras weights file, or counts or shapes differ.</exception>
    public LoadStatus LoadWeights(string path, bool byName = false, bool skipMismatch = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Weights file not found: {path}", path);
        }

        return SaveFormats.Sniff(path) switch
        {
            SaveFormat.Hdf5 => Hdf5Loader.LoadWeights(this, path, byName, skipMismatch),
            _ => throw SaveFormats.NotYet(path, null),
        };
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/> or by Keras (Keras's <c>load_model</c>), compiled and with its
    /// optimizer state when the file has them. The format is recognized from the content.
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="customObjects">Custom classes and functions by name.</param>
    /// <param name="compile">Whether to compile from the saved training config.</param>
    /// <returns>The model.</returns>
    /// <exception cref="KerasFormatException">The file is malformed or names unknown classes.</exception>
    public static Model Load(string path, IReadOnlyDictionary<string, object>? customObjects = null, bool compile = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"No file or directory found at {path}", path);
        }

        return SaveFormats.Sniff(path) switch
        {
            SaveFormat.Hdf5 => Hdf5Loader.LoadModel(path, customObjects, compile),
            _ => throw SaveFormats.NotYet(path, null),
        };
    }
}
