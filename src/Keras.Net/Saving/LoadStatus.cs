// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>
/// What a weights load matched (TensorFlow's load status): which saved values were used and which of the
/// model's variables received a value.
/// </summary>
public sealed class LoadStatus
{
    internal LoadStatus(string file, IReadOnlyList<string> unusedSaved, IReadOnlyList<string> unmatchedVariables)
    {
        File = file;
        UnusedSaved = unusedSaved;
        UnmatchedVariables = unmatchedVariables;
    }

    /// <summary>The file loaded.</summary>
    public string File { get; }

    /// <summary>Saved values that were not assigned to any variable.</summary>
    public IReadOnlyList<string> UnusedSaved { get; }

    /// <summary>Model variables that received no saved value.</summary>
    public IReadOnlyList<string> UnmatchedVariables { get; }

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
