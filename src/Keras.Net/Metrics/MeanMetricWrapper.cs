// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Metrics;

/// <summary>The weighted mean of a per-sample function of (y_true, y_pred) (Keras's <c>MeanMetricWrapper</c>).</summary>
public class MeanMetricWrapper : Reduce
{
    /// <summary>Wraps a function.</summary>
    /// <param name="function">Computes per-sample values from (y_true, y_pred).</param>
    /// <param name="name">The name.</param>
    public MeanMetricWrapper(Func<Tensor, Tensor, Tensor> function, string name)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(function);
        Function = function;
    }

    /// <summary>The wrapped function.</summary>
    public Func<Tensor, Tensor, Tensor> Function { get; }

    /// <inheritdoc />
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using Tensor values = Function(yTrue, yPred);
        Accumulate(values, sampleWeight);
    }

    /// <summary>tf.keras's config: <c>name</c>, <c>dtype</c>, <c>fn</c> (the function's name); subclasses write their own arguments instead of <c>fn</c>.</summary>
    /// <returns>The config.</returns>
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        if (GetType() == typeof(MeanMetricWrapper))
        {
            config["fn"] = FunctionName(Function);
        }

        return config;
    }

    /// <summary>Creates the metric from a config whose <c>fn</c> names a Keras metric or loss function, or a registered one.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The metric.</returns>
    /// <exception cref="KerasFormatException">The function is unknown.</exception>
    public static MeanMetricWrapper FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string name = config["name"]?.GetValue<string>() ?? "mean_metric_wrapper";
        string fn = config["fn"]?.GetValue<string>() ?? throw new KerasFormatException("A MeanMetricWrapper config needs \"fn\".", "$.fn");
        Func<Tensor, Tensor, Tensor>? f = fn switch
        {
            "binary_accuracy" => (t, p) => MetricFunctions.BinaryAccuracy(t, p),
            "categorical_accuracy" => MetricFunctions.CategoricalAccuracy,
            "sparse_categorical_accuracy" => MetricFunctions.SparseCategoricalAccuracy,
            "top_k_categorical_accuracy" => (t, p) => MetricFunctions.TopKCategoricalAccuracy(t, p),
            "sparse_top_k_categorical_accuracy" => (t, p) => MetricFunctions.SparseTopKCategoricalAccuracy(t, p),
            "mean_absolute_error" or "mae" => Losses.LossFunctions.MeanAbsoluteError,
            "mean_squared_error" or "mse" => Losses.LossFunctions.MeanSquaredError,
            _ => KerasRegistry.Resolve(fn, null) as Func<Tensor, Tensor, Tensor>,
        };
        return f is null
            ? throw new KerasFormatException($"Unknown metric function: '{fn}'. Register it with KerasRegistry.RegisterFunction or pass it in customObjects.", "$.fn")
            : new MeanMetricWrapper(f, name);
    }

    private static string FunctionName(Func<Tensor, Tensor, Tensor> f) =>
        KerasRegistry.FunctionName(f) ?? (f.Method.Name.Contains('<', StringComparison.Ordinal)
            ? throw new InvalidOperationException("Cannot serialize an anonymous metric function; register it with KerasRegistry.RegisterFunction.")
            : NameRegistryShim.Snake(f.Method.Name));
}
