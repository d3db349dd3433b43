// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>
/// Area under the ROC curve, approximated as Keras does: confusion counts at <c>num_thresholds</c> evenly
/// spaced thresholds (the first just below 0, the last just above 1) and the trapezoidal rule over
/// (false positive rate, true positive rate). Keras default name <c>auc</c>, made unique.
/// </summary>
public sealed class AUC : Metric
{
    private Tensor? _thresholds;
    private Variable? _tp;
    private Variable? _fp;
    private Variable? _tn;
    private Variable? _fn;

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">The number of thresholds (more than 1).</param>
    /// <param name="name">The name (default <c>auc</c>, <c>auc_1</c>, ...).</param>
    public AUC(int numThresholds = 200, string? name = null)
        : base(name ?? NameRegistry.Unique("auc"))
    {
        if (numThresholds <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numThresholds), $"Argument `num_thresholds` must be an integer > 1. Received: num_thresholds={numThresholds}");
        }

        NumThresholds = numThresholds;
    }

    /// <summary>The number of thresholds.</summary>
    public int NumThresholds { get; }

    /// <summary>Keras's thresholds: -1e-7, 1/(n-1), ..., (n-2)/(n-1), 1 + 1e-7.</summary>
    /// <returns>The thresholds.</returns>
    public double[] Thresholds()
    {
        var t = new double[NumThresholds];
        t[0] = -1e-7;
        for (int i = 1; i < NumThresholds - 1; i++)
        {
            t[i] = (double)i / (NumThresholds - 1);
        }

        t[^1] = 1 + 1e-7;
        return t;
    }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yPred);
        if (_tp is null)
        {
            Device d = Ops.DeviceOf(yPred);
            _tp = AddStateVariable("true_positives", [NumThresholds], d);
            _fp = AddStateVariable("false_positives", [NumThresholds], d);
            _tn = AddStateVariable("true_negatives", [NumThresholds], d);
            _fn = AddStateVariable("false_negatives", [NumThresholds], d);
            using Tensor cpu = Ops.FromArray(Thresholds().Select(x => (float)x).ToArray(), [NumThresholds]);
            _thresholds = Ops.Detach(Ops.To(Ops.Copy(cpu), d));
        }

        ConfusionCounts.Update(yTrue, yPred, sampleWeight, _thresholds!, _tp, _fp, _tn, _fn);
    }

    /// <inheritdoc />
    public override Tensor Result()
    {
        if (_tp is null)
        {
            return Ops.Scalar(0.0);
        }

        float[] tp = _tp.ToArray(), fp = _fp!.ToArray(), tn = _tn!.ToArray(), fn = _fn!.ToArray();
        double auc = 0;
        for (int i = 0; i < NumThresholds - 1; i++)
        {
            double x0 = Div(fp[i], fp[i] + tn[i]), x1 = Div(fp[i + 1], fp[i + 1] + tn[i + 1]);
            double y0 = Div(tp[i], tp[i] + fn[i]), y1 = Div(tp[i + 1], tp[i + 1] + fn[i + 1]);
            auc += (x0 - x1) * (y0 + y1) / 2;
        }

        return Ops.Scalar(auc);
    }

    private static double Div(double a, double b) => b == 0 ? 0 : a / b;

    /// <summary>tf.keras's config (ROC curve, interpolation).</summary>
    /// <returns>The config.</returns>
    public override JsonObject GetConfig() => new()
    {
        ["num_thresholds"] = NumThresholds,
        ["curve"] = "ROC",
        ["summation_method"] = "interpolation",
        ["name"] = Name,
        ["dtype"] = "float32",
        ["multi_label"] = false,
        ["num_labels"] = null,
        ["label_weights"] = null,
        ["from_logits"] = false,
    };

    /// <summary>Creates the metric from its config (ROC with interpolation only).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    /// <exception cref="KerasFormatException">Another curve, summation method, multi-label or logits.</exception>
    public static AUC FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if ((config["curve"]?.GetValue<string>() ?? "ROC") != "ROC" || (config["summation_method"]?.GetValue<string>() ?? "interpolation") != "interpolation"
            || config["multi_label"]?.GetValue<bool>() == true || config["from_logits"]?.GetValue<bool>() == true)
        {
            throw new KerasFormatException("Only AUC(curve=\"ROC\", summation_method=\"interpolation\") on probabilities is supported.", "$");
        }

        return new AUC(config["num_thresholds"]?.GetValue<int>() ?? 200, config["name"]?.GetValue<string>());
    }
}
