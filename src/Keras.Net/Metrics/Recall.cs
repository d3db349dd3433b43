// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>tp / (tp + fn) with predictions above <see cref="Threshold"/> counted positive (Keras default name <c>recall</c>, made unique).</summary>
public sealed class Recall : Metric
{
    private Tensor? _thresholds;
    private Variable? _tp;
    private Variable? _fn;

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">The decision threshold.</param>
    /// <param name="name">The name (default <c>recall</c>, <c>recall_1</c>, ...).</param>
    public Recall(double threshold = 0.5, string? name = null)
        : base(name ?? NameRegistry.Unique("recall"))
    {
        Threshold = threshold;
    }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yPred);
        if (_tp is null)
        {
            _tp = AddStateVariable("true_positives", [1], Ops.DeviceOf(yPred));
            _fn = AddStateVariable("false_negatives", [1], Ops.DeviceOf(yPred));
            _thresholds = Ops.Detach(Ops.Full([1], Threshold, DType.Float32, Ops.DeviceOf(yPred)));
        }

        ConfusionCounts.Update(yTrue, yPred, sampleWeight, _thresholds!, _tp, null, null, _fn);
    }

    /// <inheritdoc />
    public override Tensor Result() => _tp is null ? Ops.Scalar(0.0) : Precision.RatioNoNan(_tp.Value, _fn!.Value);

    /// <summary>tf.keras's config: <c>thresholds</c>, <c>top_k</c>, <c>class_id</c>, <c>name</c>, <c>dtype</c>.</summary>
    /// <returns>The config.</returns>
    public override JsonObject GetConfig() => new() { ["thresholds"] = Threshold, ["top_k"] = null, ["class_id"] = null, ["name"] = Name, ["dtype"] = "float32" };

    /// <summary>Creates the metric from a config with one threshold (<c>top_k</c> and <c>class_id</c> unsupported).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    /// <exception cref="KerasFormatException">Several thresholds, <c>top_k</c> or <c>class_id</c>.</exception>
    public static Recall FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config["top_k"] is not null || config["class_id"] is not null)
        {
            throw new KerasFormatException("Recall with top_k or class_id is not supported.", "$");
        }

        double threshold = config["thresholds"] switch
        {
            null => 0.5,
            JsonArray { Count: 1 } a => a[0]!.GetValue<double>(),
            JsonValue v => v.GetValue<double>(),
            _ => throw new KerasFormatException("Recall with several thresholds is not supported.", "$.thresholds"),
        };
        return new Recall(threshold, config["name"]?.GetValue<string>());
    }
}
