// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// TensorFlow's <c>tf.train.load_checkpoint</c>: the keys, dtypes, shapes and values of any TensorFlow checkpoint
/// (object-based or TF1 name-based; SavedModel <c>variables/variables</c> too). Every value read is checked
/// against its CRC32C.
/// </summary>
public sealed class CheckpointReader : IDisposable
{
    private readonly BundleReader _bundle;

    private CheckpointReader(BundleReader bundle) => _bundle = bundle;

    /// <summary>The checkpoint prefix.</summary>
    public string Prefix => _bundle.Prefix;

    /// <summary>Opens a checkpoint.</summary>
    /// <param name="path">A prefix (<c>ckpt-1</c>), its <c>.index</c> file, or a directory with a <c>checkpoint</c> state file.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="FileNotFoundException">No checkpoint there.</exception>
    /// <exception cref="KerasFormatException">The index is corrupt (checksums, structure).</exception>
    public static CheckpointReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string prefix = Checkpoint.ResolvePrefix(path);
        return FormatGuard.Run(prefix + ".index", () => new CheckpointReader(BundleReader.Open(prefix)));
    }

    /// <summary>Every key with its dtype (<c>string</c> for the object graph). Entries of types Keras.Net has no dtype for are left out.</summary>
    /// <returns>Key to dtype.</returns>
    public IReadOnlyDictionary<string, DType> GetVariableToDtypeMap() =>
        _bundle.Keys.Select(k => (k, d: _bundle.DTypeOf(k))).Where(p => p.d is not null).ToDictionary(p => p.k, p => p.d!, StringComparer.Ordinal);

    /// <summary>Every key with its shape (empty for scalars).</summary>
    /// <returns>Key to shape.</returns>
    public IReadOnlyDictionary<string, long[]> GetVariableToShapeMap() =>
        _bundle.Keys.ToDictionary(k => k, _bundle.ShapeOf, StringComparer.Ordinal);

    /// <summary>Whether the checkpoint holds <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it exists.</returns>
    public bool HasTensor(string key) => _bundle.Contains(key);

    /// <summary>A numeric value as a new CPU tensor (the caller owns it).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="KeyNotFoundException">No such key.</exception>
    /// <exception cref="KerasFormatException">Corrupt data (CRC, size), or a string entry (use <see cref="GetStrings"/>).</exception>
    public Tensor GetTensor(string key) => FormatGuard.Run(_bundle.IndexFile, () => _bundle.ReadTensor(key));

    /// <summary>A string value (such as <c>_CHECKPOINTABLE_OBJECT_GRAPH</c>): one byte array per element, row-major.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The elements.</returns>
    public IReadOnlyList<byte[]> GetStrings(string key) => FormatGuard.Run(_bundle.IndexFile, () => _bundle.ReadStrings(key));

    /// <inheritdoc />
    public void Dispose() => _bundle.Dispose();
}
