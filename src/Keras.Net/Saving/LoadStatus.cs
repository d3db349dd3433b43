// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>
/// What a weights load matched (TensorFlow's load status): which saved values were used and which of the
/// model's variables received a value.
/// </summary>
public sealed class LoadStatus
{
    internal LoadStatus(string file, IReadOnlyList<string> unusedSaved, IReadOnlyList<string> unmatchedVariables, IReadOnlyList<string> restored, IReadOnlyList<string>? mismatched = null)
    {
        File = file;
        UnusedSaved = unusedSaved;
        UnmatchedVariables = unmatchedVariables;
        Restored = restored;
        Mismatched = mismatched ?? [];
    }

    /// <summary>The file loaded.</summary>
    public string File { get; }

    /// <summary>Saved values that were not assigned to any variable.</summary>
    public IReadOnlyList<string> UnusedSaved { get; }

    /// <summary>Model variables that received no saved value.</summary>
    public IReadOnlyList<string> UnmatchedVariables { get; }

    /// <summary>The variables that received a saved value (their names, <c>dense/kernel:0</c>).</summary>
    public IReadOnlyList<string> Restored { get; }

    /// <summary>
    /// Object-based checkpoints: values whose object matched but whose shape differs from the variable's; they were
    /// not assigned (TensorFlow would stop with an error; a partial restore reports them here and on stderr).
    /// </summary>
    public IReadOnlyList<string> Mismatched { get; }

    /// <summary>Fails unless every saved value was used and every variable received one.</summary>
    /// <returns>This status.</returns>
    /// <exception cref="InvalidOperationException">Something was left unmatched.</exception>
    public LoadStatus AssertConsumed()
    {
        AssertExistingObjectsMatched();
        if (UnusedSaved.Count > 0)
        {
            throw new InvalidOperationException($"Unused values in {File}: {string.Join(", ", UnusedSaved)}.");
        }

        return this;
    }

    /// <summary>Fails unless every model variable received a saved value.</summary>
    /// <returns>This status.</returns>
    /// <exception cref="InvalidOperationException">A variable received nothing.</exception>
    public LoadStatus AssertExistingObjectsMatched()
    {
        if (Mismatched.Count > 0)
        {
            throw new InvalidOperationException($"Values in {File} whose shapes differ from the variables they matched: {string.Join("; ", Mismatched)}.");
        }

        if (UnmatchedVariables.Count > 0)
        {
            throw new InvalidOperationException($"Variables not restored from {File}: {string.Join(", ", UnmatchedVariables)}.");
        }

        return this;
    }

    /// <summary>Accepts a partial restore (nothing is checked).</summary>
    /// <returns>This status.</returns>
    public LoadStatus ExpectPartial() => this;
}
