// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>
/// The model formats <see cref="Models.Model.Save(string, ModelSaveOptions, string, bool)"/> and <see cref="Models.Model.Load"/> choose from: saving picks the
/// format named by <c>saveFormat</c>, else the first whose <see cref="IModelFormat.IsWrittenFor"/> claims the path
/// (formats registered later are asked first), else the TensorFlow SavedModel; loading asks each format's
/// <see cref="IModelFormat.CanRead"/> in the same order.
/// </summary>
public static class ModelFormatRegistry
{
    private static readonly object Gate = new();
    private static IModelFormat[] _formats = [new BuiltInFormats.TensorFlowFormat(), new BuiltInFormats.Hdf5Format(), new BuiltInFormats.KerasV3Format()];

    /// <summary>The registered formats, most recently registered first.</summary>
    public static IReadOnlyList<IModelFormat> Formats => _formats.Reverse().ToArray();

    /// <summary>Adds a format (it takes precedence over those registered before it).</summary>
    /// <param name="format">The format.</param>
    /// <exception cref="ArgumentException">A format with the same name is already registered.</exception>
    public static void Register(IModelFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        lock (Gate)
        {
            if (_formats.Any(f => string.Equals(f.Name, format.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"A model format named \"{format.Name}\" is already registered.", nameof(format));
            }

            _formats = [.. _formats, format];
        }
    }

    /// <summary>Removes a format registered with <see cref="Register"/> (built-in formats stay).</summary>
    /// <param name="format">The format.</param>
    /// <returns>Whether it was registered.</returns>
    public static bool Unregister(IModelFormat format)
    {
        lock (Gate)
        {
            if (format is BuiltInFormats.TensorFlowFormat or BuiltInFormats.Hdf5Format or BuiltInFormats.KerasV3Format || !_formats.Contains(format))
            {
                return false;
            }

            _formats = _formats.Where(f => !ReferenceEquals(f, format)).ToArray();
            return true;
        }
    }

    internal static IModelFormat ForWriting(string path, string? saveFormat)
    {
        IModelFormat[] formats = _formats;
        if (saveFormat is not null)
        {
            string name = saveFormat.ToLowerInvariant() switch
            {
                "hdf5" or "keras_h5" => "h5",
                "tensorflow" => "tf",
                var n => n,
            };
            return formats.LastOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown save format: '{saveFormat}'. Expected one of {string.Join(", ", formats.Reverse().Select(f => $"\"{f.Name}\""))} (\"h5\", \"tf\" or \"keras\" built in).", nameof(saveFormat));
        }

        return formats.Reverse().FirstOrDefault(f => f.IsWrittenFor(path)) ?? formats[0];
    }

    internal static IModelFormat ForReading(string path) =>
        _formats.Reverse().FirstOrDefault(f => f.CanRead(path))
            ?? throw new KerasFormatException("Not a Keras model or weights file (no registered format recognizes it: not HDF5, not a .keras zip, not a SavedModel folder or checkpoint).", null, path);
}
