// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Losses;
using Keras.Net.Metrics;
using Keras.Net.Optimizers;

namespace Keras.Net.Models;

/// <summary>Compile: the optimizer, losses and metrics training uses.</summary>
public partial class Model
{
    private List<Loss?> _losses = [];
    private List<double> _lossWeights = [];
    private List<object> _metricSpecs = [];
    private List<List<Metric>>? _compiledMetrics;
    private readonly Mean _lossTracker = new("loss");
    private readonly List<Mean> _outputLossTrackers = [];
    private readonly Dictionary<string, Mean> _addedMetrics = new(StringComparer.Ordinal);

    /// <summary>The optimizer set by <c>Compile</c>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>Whether <c>Compile</c> was called.</summary>
    public bool IsCompiled { get; private set; }

    /// <summary>The losses per output, as compiled (null where an output has none).</summary>
    public IReadOnlyList<Loss?> CompiledLosses => _losses;

    /// <summary>The loss weights per output.</summary>
    public IReadOnlyList<double> LossWeights => _lossWeights;

    /// <summary>The metric identifiers or objects given to <c>Compile</c>.</summary>
    public IReadOnlyList<object> CompiledMetricSpecs => _metricSpecs;

    /// <summary>
    /// Every metric reported in logs: the loss tracker (a <see cref="Mean"/> named <c>loss</c>), the per-output loss
    /// trackers (multi-output models), the compiled metrics, and metrics added with <c>AddMetric</c>. Before the
    /// compiled metrics are built (Keras resolves <c>"accuracy"</c> from the first targets), they stand as one
    /// <c>compile_metrics</c> metric, as in Keras 3: updating it with <c>(y, yPred)</c> builds and updates them.
    /// </summary>
    public IReadOnlyList<Metric> Metrics =>
        new Metric[] { _lossTracker }
            .Concat(_outputLossTrackers)
            .Concat(_compiledMetrics?.SelectMany(m => m) ?? (_metricSpecs.Count > 0 || _metricSpecsPerOutput is not null ? [_pendingMetrics ??= new CompileMetrics(this)] : []))
            .Concat(_addedMetrics.Values)
            .ToArray();

    private CompileMetrics? _pendingMetrics;

    /// <summary>
    /// Configures training (Keras's <c>compile</c>).
    /// </summary>
    /// <param name="optimizer">An optimizer name (<c>"adam"</c>) or object; default <c>rmsprop</c>.</param>
    /// <param name="loss">A loss name, <see cref="Loss"/>, function <c>(yTrue, yPred) =&gt; perSampleLoss</c>,
    /// or a list of these, one per output; null when the model adds its own losses.</param>
    /// <param name="metrics">Metric names (<c>"accuracy"</c>, <c>"mae"</c>, ...), <see cref="Metric"/> objects or
    /// functions; applied to every output.</param>
    /// <param name="lossWeights">One weight per output for the total loss.</param>
    /// <exception cref="ArgumentException">An identifier is unknown or the counts do not match the outputs.</exception>
    public void Compile(object? optimizer = null, object? loss = null, IEnumerable<object>? metrics = null, IReadOnlyList<double>? lossWeights = null)
    {
        Optimizer = optimizer switch
        {
            null => new RMSprop(),
            string s => Optimizers.Optimizer.Get(s),
            Optimizer o => o,
            _ => throw new ArgumentException($"Could not interpret optimizer identifier: {optimizer}", nameof(optimizer)),
        };

        int outputs = Math.Max(1, Outputs.Count);
        _losses = loss switch
        {
            null => Enumerable.Repeat<Loss?>(null, outputs).ToList(),
            string or Loss or Func<Tensor, Tensor, Tensor> => Enumerable.Repeat<Loss?>(ToLoss(loss), outputs).ToList(),
            IReadOnlyDictionary<string, object> byName => ByOutputName(byName, "loss").Select(l => l is null ? null : (Loss?)ToLoss(l)).ToList(),
            System.Collections.IEnumerable list => list.Cast<object?>().Select(l => l is null ? null : (Loss?)ToLoss(l)).ToList(),
            _ => throw new ArgumentException($"Could not interpret loss identifier: {loss}", nameof(loss)),
        };
        if (IsGraphNetwork && _losses.Count != Outputs.Count)
        {
            throw new ArgumentException($"When passing a list as loss, it should have one entry per model output. The model has {Outputs.Count} outputs, but you passed loss={_losses.Count} entries.", nameof(loss));
        }

        _lossWeights = lossWeights?.ToList() ?? Enumerable.Repeat(1.0, _losses.Count).ToList();
        if (_lossWeights.Count != _losses.Count)
        {
            throw new ArgumentException($"`loss_weights` should have one entry per output ({_losses.Count}); received {_lossWeights.Count}.", nameof(lossWeights));
        }

        _metricSpecs = metrics?.ToList() ?? [];
        _metricSpecsPerOutput = null;
        foreach (object m in _metricSpecs)
        {
            if (m is not (string or Metric or Func<Tensor, Tensor, Tensor>))
            {
                throw new ArgumentException($"Could not interpret metric identifier: {m}", nameof(metrics));
            }
        }

        _compiledMetrics = null;
        _outputLossTrackers.Clear();
        if (_losses.Count > 1)
        {
            _outputLossTrackers.AddRange(OutputNames().Select(n => new Mean($"{n}_loss")));
        }

        IsCompiled = true;
    }

    /// <summary>The output names used to prefix per-output logs (the output layers' names).</summary>
    private List<string> OutputNames() => _outputKeys is { } keys ? keys.ToList()
        : Outputs.Count > 0
        ? Outputs.Select((o, i) => o.SourceLayer?.Name ?? $"output_{i + 1}").ToList()
        : Enumerable.Range(1, _losses.Count).Select(i => $"output_{i}").ToList();

    /// <summary>Per-output metric specs from a dictionary <c>Compile</c>; null when every output takes <see cref="CompiledMetricSpecs"/>.</summary>
    private List<List<object>>? _metricSpecsPerOutput;

    private static Loss ToLoss(object loss) => loss switch
    {
        string s => Loss.Get(s),
        Loss l => l,
        Func<Tensor, Tensor, Tensor> f => new LossFunctionWrapper(f, f.Method.Name),
        _ => throw new ArgumentException($"Could not interpret loss identifier: {loss}", nameof(loss)),
    };

    /// <summary>Builds the compiled metrics once targets and predictions are seen (Keras resolves "accuracy" then).</summary>
    private void BuildCompiledMetrics(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> predictions)
    {
        if (_compiledMetrics is not null)
        {
            return;
        }

        bool multi = predictions.Count > 1;
        List<string> names = OutputNames();
        _compiledMetrics = [];
        for (int o = 0; o < predictions.Count; o++)
        {
            var list = new List<Metric>();
            if (o < targets.Count)
            {
                foreach (object spec in _metricSpecsPerOutput is { } perOutput ? (o < perOutput.Count ? perOutput[o] : []) : _metricSpecs)
                {
                    Metric metric = spec switch
                    {
                        Metric m => m,
                        string s => Metric.Get(s, Ops.ShapeOf(targets[o]), Ops.ShapeOf(predictions[o]), o < _losses.Count && _losses[o] is BinaryCrossentropy),
                        Func<Tensor, Tensor, Tensor> f => new MeanMetricWrapper(f, f.Method.Name),
                        _ => throw new InvalidOperationException($"Unsupported metric {spec}."),
                    };
                    list.Add(multi ? Renamed(metric, $"{names[o]}_{metric.Name}") : metric);
                }
            }

            _compiledMetrics.Add(list);
        }
    }

    private static Metric Renamed(Metric metric, string name) =>
        metric is MeanMetricWrapper w ? new MeanMetricWrapper(w.Function, name) : metric;

    private void ResetMetrics()
    {
        foreach (Metric m in Metrics)
        {
            m.ResetState();
        }
    }
}
