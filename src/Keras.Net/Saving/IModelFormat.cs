// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;

namespace Keras.Net.Saving;

/// <summary>
/// A model file format: how <see cref="Model.Save(string, ModelSaveOptions, string, bool)"/> writes it, how <see cref="Model.Load"/> recognizes and reads it,
/// and optionally weights-only files. Register one with <see cref="ModelFormatRegistry.Register"/>; the built-in
/// formats (<c>keras</c>, <c>h5</c>, <c>tf</c>) are registered the same way.
/// </summary>
public interface IModelFormat
{
    /// <summary>The name <c>saveFormat</c> selects it by (<c>"h5"</c>).</summary>
    string Name { get; }

    /// <summary>Whether a path without an explicit <c>saveFormat</c> should be written in this format (by its suffix).</summary>
    /// <param name="path">The file or folder to write.</param>
    /// <returns>Whether this format claims the path.</returns>
    bool IsWrittenFor(string path);

    /// <summary>Whether an existing file or folder is in this format (by its content).</summary>
    /// <param name="path">The file or folder.</param>
    /// <returns>Whether this format can read it.</returns>
    bool CanRead(string path);

    /// <summary>Writes the whole model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The target.</param>
    /// <param name="options">What to include.</param>
    void Save(Model model, string path, ModelSaveOptions options);

    /// <summary>Reads a whole model.</summary>
    /// <param name="path">The source.</param>
    /// <param name="options">Custom objects and whether to compile.</param>
    /// <returns>The model.</returns>
    Model Load(string path, ModelLoadOptions options);

    /// <summary>Writes only the weights (formats without a weights-only form throw <see cref="NotSupportedException"/>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The target.</param>
    void SaveWeights(Model model, string path);

    /// <summary>Reads weights into an existing model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The source.</param>
    /// <param name="byName">Match layers by name (formats that support it).</param>
    /// <param name="skipMismatch">Skip mismatching layers (formats that support it).</param>
    /// <returns>What was matched.</returns>
    LoadStatus LoadWeights(Model model, string path, bool byName, bool skipMismatch);
}
