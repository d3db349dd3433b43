// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;

namespace Keras.Net.Models;

/// <summary>
/// Data and training settings keyed by name, as Keras accepts them: inputs by their <c>Input(name:)</c>, outputs by
/// their output layer's name (the functional API guide's ticket classifier).
/// </summary>
public partial class Model
{
    private List<string>? _inputKeys;
    private List<string>? _outputKeys;

    /// <summary>
    /// Creates a functional model whose outputs are named by the dictionary's keys (Keras's
    /// <c>Model(inputs, outputs={"priority": p, "department": d})</c>): per-output losses, metrics, logs, targets and
    /// <see cref="Predict(IReadOnlyDictionary{string, Tensor}, int, int)"/> use the keys, and configs keep them.
    /// </summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="outputs">Output name to output tensor.</param>
    /// <param name="name">The name.</param>
    public Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyDictionary<string, KerasTensor> outputs, string? name = null)
        : this(inputs, (outputs ?? throw new ArgumentNullException(nameof(outputs))).Values.ToList(), name)
    {
        _outputKeys = outputs.Keys.ToList();
    }

    /// <summary>Creates a functional model with named inputs and outputs (data dictionaries use the keys).</summary>
    /// <param name="inputs">Input name to input tensor.</param>
    /// <param name="outputs">Output name to output tensor.</param>
    /// <param name="name">The name.</param>
    public Model(IReadOnlyDictionary<string, KerasTensor> inputs, IReadOnlyDictionary<string, KerasTensor> outputs, string? name = null)
        : this((inputs ?? throw new ArgumentNullException(nameof(inputs))).Values.ToList(), outputs, name)
    {
        _inputKeys = inputs.Keys.ToList();
    }

    /// <summary>The names of the model's inputs (the keys it was built with, else their <c>Input(name:)</c>), in input order.</summary>
    public IReadOnlyList<string> InputNames => _inputKeys ?? Inputs.Select((t, i) => t.SourceLayer?.Name ?? $"input_{i + 1}").ToList();

    /// <summary>Whether the model was built on dictionaries (its configs write them as dictionaries).</summary>
    internal bool HasNamedInputs => _inputKeys is not null;

    /// <summary>Whether the outputs were given as a dictionary.</summary>
    internal bool HasNamedOutputs => _outputKeys is not null;

    /// <summary>Names the ends after a config rebuilt the model from dictionaries (null leaves them positional).</summary>
    internal void NameEnds(List<string>? inputKeys, List<string>? outputKeys)
    {
        _inputKeys = inputKeys is not null && inputKeys.Count == Inputs.Count ? inputKeys : _inputKeys;
        _outputKeys = outputKeys is not null && outputKeys.Count == Outputs.Count ? outputKeys : _outputKeys;
    }

    /// <summary>The names of the model's outputs (their layers' names), in output order: the keys of per-output losses, metrics and logs.</summary>
    public IReadOnlyList<string> OutputLayerNames => OutputNames();

    /// <summary>
    /// Configures training with per-output settings keyed by output name (Keras's <c>compile(loss={...},
    /// loss_weights={...}, metrics={...})</c>). An output without a loss entry gets no loss; unknown names are refused.
    /// </summary>
    /// <param name="optimizer">An optimizer name or object.</param>
    /// <param name="loss">Output name to loss (name, <c>Loss</c> or function).</param>
    /// <param name="lossWeights">Output name to weight (default 1).</param>
    /// <param name="metrics">Output name to one metric or a list of metrics.</param>
    /// <exception cref="ArgumentException">A name that is not an output of the model, or an identifier that is unknown.</exception>
    public void Compile(object? optimizer, IReadOnlyDictionary<string, object> loss, IReadOnlyDictionary<string, double>? lossWeights = null, IReadOnlyDictionary<string, object>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        List<object?> losses = ByOutputName(loss, "loss");
        List<double>? weights = lossWeights is null ? null : ByOutputName(lossWeights.ToDictionary(kv => kv.Key, kv => (object)kv.Value), "loss_weights").Select(w => w is double d ? d : 1.0).ToList();
        List<List<object>>? perOutput = metrics is null ? null : ByOutputName(metrics, "metrics")
            .Select(m => m switch
            {
                null => [],
                string or Keras.Net.Metrics.Metric or Func<Tensor, Tensor, Tensor> => [m],
                System.Collections.IEnumerable list => list.Cast<object>().ToList(),
                _ => new List<object> { m },
            })
            .ToList();
        Compile(optimizer, losses, null, weights);
        if (perOutput is not null)
        {
            foreach (object m in perOutput.SelectMany(l => l))
            {
                if (m is not (string or Keras.Net.Metrics.Metric or Func<Tensor, Tensor, Tensor>))
                {
                    throw new ArgumentException($"Could not interpret metric identifier: {m}", nameof(metrics));
                }
            }

            _metricSpecsPerOutput = perOutput;
        }
    }

    /// <summary>Trains on data keyed by input and output names (Keras's <c>fit({"title": ..., "body": ...}, {"priority": ...})</c>).</summary>
    /// <param name="x">Input name to tensor.</param>
    /// <param name="y">Output name to targets; outputs without a loss may be left out.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0, 1 or 2.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationSplit">Fraction of samples to validate on.</param>
    /// <param name="validationData">Validation inputs and targets, keyed the same way.</param>
    /// <param name="shuffle">Reshuffle every epoch.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentException">A missing or unknown name.</exception>
    public History Fit(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (IReadOnlyDictionary<string, Tensor> X, IReadOnlyDictionary<string, Tensor> Y)? validationData = null, bool shuffle = true) =>
        Fit(OrderedInputs(x), OrderedTargets(y), batchSize, epochs, verbose, callbacks, validationSplit, validationData is { } v ? (OrderedInputs(v.X), OrderedTargets(v.Y)) : null, shuffle);

    /// <summary>Evaluates on data keyed by input and output names.</summary>
    /// <param name="x">Input name to tensor.</param>
    /// <param name="y">Output name to targets.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="verbose">0 or 1.</param>
    /// <returns>Metric name to value.</returns>
    /// <exception cref="ArgumentException">A missing or unknown name.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int verbose = 1) =>
        Evaluate(OrderedInputs(x), OrderedTargets(y), batchSize, verbose);

    /// <summary>Predicts from inputs keyed by name; the outputs come back keyed by output name.</summary>
    /// <param name="x">Input name to tensor.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="verbose">1: a progress bar; 0: nothing.</param>
    /// <returns>Output name to tensor; the caller owns them.</returns>
    /// <exception cref="ArgumentException">A missing or unknown input name.</exception>
    public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> x, int batchSize = 32, int verbose = 0)
    {
        IReadOnlyList<Tensor> outputs = Predict(OrderedInputs(x), batchSize, verbose, null);
        List<string> names = OutputNames();
        return outputs.Select((t, i) => (Name: i < names.Count ? names[i] : $"output_{i + 1}", t)).ToDictionary(p => p.Name, p => p.t, StringComparer.Ordinal);
    }

    private List<Tensor> OrderedInputs(IReadOnlyDictionary<string, Tensor> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<string> names = InputNames;
        if (data.Keys.FirstOrDefault(k => !names.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Model \"{Name}\" has no input named \"{unknown}\". Expected the following keys: [{string.Join(", ", names)}].", nameof(data));
        }

        return names.Select(n => data.TryGetValue(n, out Tensor? t) ? t : throw new ArgumentException(
            $"Missing data for input \"{n}\". You passed a data dictionary with keys [{string.Join(", ", data.Keys)}]. Expected the following keys: [{string.Join(", ", names)}].", nameof(data))).ToList();
    }

    private List<Tensor> OrderedTargets(IReadOnlyDictionary<string, Tensor> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        List<object?> byOutput = ByOutputName(data.ToDictionary(kv => kv.Key, kv => (object)kv.Value), "y");
        for (int o = 0; o < byOutput.Count; o++)
        {
            if (byOutput[o] is null && o < _losses.Count && _losses[o] is not null)
            {
                throw new ArgumentException($"Missing target for output \"{OutputNames()[o]}\", which has a loss. You passed targets for [{string.Join(", ", data.Keys)}].", nameof(data));
            }
        }

        // An output without a loss and without targets gets a placeholder its (absent) loss never reads.
        Tensor? any = data.Values.FirstOrDefault();
        return byOutput.Select(t => (Tensor)(t ?? any ?? throw new ArgumentException("No targets were given.", nameof(data)))).ToList();
    }

    /// <summary>The values of a name-keyed setting in output order (null where an output has none); unknown names are refused.</summary>
    private List<object?> ByOutputName(IReadOnlyDictionary<string, object> byName, string what)
    {
        List<string> names = OutputNames();
        if (byName.Keys.FirstOrDefault(k => !names.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"In `{what}`, \"{unknown}\" does not name an output of model \"{Name}\". The outputs are: [{string.Join(", ", names)}].", what);
        }

        return names.Select(n => byName.TryGetValue(n, out object? v) ? v : null).ToList();
    }
}
