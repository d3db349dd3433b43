// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Training;

/// <summary>
/// A source of batches for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>; implement it to stream data that
/// does not fit in memory. Batches yielded are owned by the caller of <see cref="GetBatches"/>, which
/// disposes their tensors after use when <see cref="OwnsBatches"/> is true.
/// </summary>
public interface IDataset
{
    /// <summary>Batches per epoch, when known (for the progress bar); null for unknown.</summary>
    int? BatchCount { get; }

    /// <summary>Whether the training loop should dispose each batch's tensors once used.</summary>
    bool OwnsBatches { get; }

    /// <summary>The batches of one epoch.</summary>
    /// <param name="epoch">The 0-based epoch (for reshuffling).</param>
    /// <returns>The batches.</returns>
    IEnumerable<DataBatch> GetBatches(int epoch);
}
