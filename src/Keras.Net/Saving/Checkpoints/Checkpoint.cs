// SPDX-License-Identifier: Apache-2.0
using System.Collections;
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Optimizers;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>
/// TensorFlow's <c>tf.train.Checkpoint</c>: saves and restores any tree of layers, models, variables, optimizers
/// and checkpoints under the names given here, in TensorFlow's object-based format.
/// </summary>
/// <example>
/// <code>
/// string path = new Checkpoint { ["layer"] = layer }.Save("custom_layer");   // "custom_layer-1"
/// new Checkpoint { ["layer"] = sameShapedLayer }.Restore(path).AssertConsumed();
/// </code>
/// </example>
public sealed class Checkpoint : IEnumerable<KeyValuePair<string, object>>
{
    private readonly SortedDictionary<string, object> _children = new(StringComparer.Ordinal);
    private Variable? _saveCounter;

    /// <summary>A dependency by name: a <see cref="Layer"/> (models included), <see cref="Variable"/>, <see cref="Optimizer"/> or <see cref="Checkpoint"/>.</summary>
    /// <param name="name">The edge name (keys start with it).</param>
    /// <returns>The object.</returns>
    /// <exception cref="ArgumentException">An object of another kind, or the reserved name <c>save_counter</c>.</exception>
    public object this[string name]
    {
        get => _children[name];
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(value);
            if (name == "save_counter")
            {
                throw new ArgumentException("\"save_counter\" is reserved for the checkpoint's own counter.", nameof(name));
            }

            if (value is not (Layer or Variable or Optimizer or Checkpoint))
            {
                throw new ArgumentException($"A checkpoint holds layers, models, variables, optimizers and checkpoints, not {value.GetType().Name}.", nameof(value));
            }

            _children[name] = value;
        }
    }

    /// <summary>How many times <see cref="Save"/> has run (restored with the checkpoint); 0 before the first save.</summary>
    public long SaveCounter => _saveCounter is null ? 0 : (long)Ops.ToScalar(_saveCounter.Value);

    /// <summary>Increments the save counter and writes <c>filePrefix-N</c> plus the <c>checkpoint</c> state file (atomically).</summary>
    /// <param name="filePrefix">The prefix; the counter is appended.</param>
    /// <returns>The written prefix, <c>filePrefix-N</c>.</returns>
    public string Save(string filePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePrefix);
        Variable counter = EnsureSaveCounter();
        long next = SaveCounter + 1;
        counter.Assign(next);
        string path = $"{filePrefix}-{next}";
        try
        {
            ObjectGraphWriter.Write(this, path, rootSelfEdge: false);
        }
        catch
        {
            counter.Assign(next - 1);
            throw;
        }

        CheckpointState.Write(path);
        return path;
    }

    /// <summary>Writes exactly <paramref name="filePrefix"/> without touching the counter or the state file (<c>Checkpoint.write</c>).</summary>
    /// <param name="filePrefix">The prefix.</param>
    /// <returns>The prefix.</returns>
    public string Write(string filePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePrefix);
        ObjectGraphWriter.Write(this, filePrefix, rootSelfEdge: false);
        return filePrefix;
    }

    /// <summary>
    /// Restores the objects that match the checkpoint's object graph by name, as TensorFlow does; objects without a
    /// saved value and saved values without an object are reported by the status, not an error.
    /// </summary>
    /// <param name="path">A checkpoint prefix, or a directory (its latest checkpoint).</param>
    /// <returns>What was matched.</returns>
    /// <exception cref="FileNotFoundException">No checkpoint at <paramref name="path"/>.</exception>
    /// <exception cref="KerasFormatException">The checkpoint is corrupt or has no object graph.</exception>
    public LoadStatus Restore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // As tf.train.Checkpoint.restore: the counter exists afterwards and takes the saved count when there is one.
        string prefix = ResolvePrefix(path);
        return FormatGuard.Run(prefix + ".index", () => ObjectGraphRestorer.Restore(this, prefix, optional: EnsureSaveCounter()));
    }

    /// <summary><c>tf.train.latest_checkpoint</c>: the latest checkpoint recorded in a directory's state file.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>Its prefix, or null when there is none.</returns>
    public static string? LatestCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return CheckpointState.Latest(directory);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _children.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The user's dependencies in name order (as TensorFlow sorts its keyword arguments), then <c>save_counter</c>.</summary>
    internal IReadOnlyList<(string Name, object Child)> CheckpointChildren()
    {
        var result = _children.Select(kv => (kv.Key, kv.Value)).ToList();
        if (_saveCounter is not null)
        {
            result.Add(("save_counter", _saveCounter));
        }

        return result;
    }

    /// <summary>A prefix given as itself, as <c>prefix.index</c>, or as a directory holding a state file.</summary>
    internal static string ResolvePrefix(string path)
    {
        if (path.EndsWith(".index", StringComparison.Ordinal) && File.Exists(path))
        {
            return path[..^".index".Length];
        }

        if (Directory.Exists(path) && !File.Exists(path + ".index"))
        {
            return CheckpointState.Latest(path) ?? throw new FileNotFoundException($"No checkpoint found in directory {path} (no usable '{CheckpointState.FileName}' state file).", path);
        }

        return File.Exists(path + ".index")
            ? path
            : throw new FileNotFoundException($"No checkpoint at {path}: {path}.index does not exist.", path + ".index");
    }

    private Variable EnsureSaveCounter() =>
        _saveCounter ??= new Variable("save_counter", "save_counter", Ops.Zeros([], DType.Int64), false, null);
}
