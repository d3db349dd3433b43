// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Training;

/// <summary>One batch for training or evaluation: inputs, targets and optional per-sample weights.</summary>
/// <param name="Inputs">One tensor per model input, samples along the first axis.</param>
/// <param name="Targets">One tensor per model output (empty for models trained only by added losses).</param>
/// <param name="SampleWeight">Optional per-sample weights, shape <c>(batch,)</c>.</param>
public sealed record DataBatch(IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Targets, Tensor? SampleWeight = null)
{
    /// <summary>The number of samples in the batch.</summary>
    public long Size => Ops.ShapeOf(Inputs[0])[0] ?? 0;
}
