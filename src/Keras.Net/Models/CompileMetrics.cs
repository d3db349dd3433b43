// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Metrics;

namespace Keras.Net.Models;

/// <summary>
/// Keras 3's <c>compile_metrics</c>: the compiled metrics of a model before its first batch built them. Updating it
/// with <c>(y, yPred)</c> builds them from those tensors and updates them; from then on the model's
/// <see cref="Model.Metrics"/> lists them one by one.
/// </summary>
internal sealed class CompileMetrics(Model model) : Metric("compile_metrics")
{
    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        model.UpdateCompiledMetricsFor([yTrue], [yPred], sampleWeight);

    /// <inheritdoc />
    public override Tensor Result() =>
        model.Metrics.FirstOrDefault(m => m is not CompileMetrics && m.Name != "loss") is { } first ? first.Result() : Ops.Scalar(0.0);
}
