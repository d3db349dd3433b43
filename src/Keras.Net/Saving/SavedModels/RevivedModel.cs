// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// A model loaded from a SavedModel whose class is not available (tf.keras's revived model): its variables are
/// Keras.Net variables restored from <c>variables/</c>, and its call runs the saved <c>serving_default</c> function
/// through the graph interpreter. The interpreter computes with TorchSharp ops on the variables themselves, so
/// gradients flow and the model can be trained further; it has no config to save back as its original class.
/// </summary>
internal sealed class RevivedModel : Model
{
    private readonly SavedModel _graph;
    private readonly SavedModelSignature _serving;

    private RevivedModel(string name, SavedModel graph, SavedModelSignature serving)
        : base(name)
    {
        _graph = graph;
        _serving = serving;
    }

    /// <summary>The saved class name this model stands in for.</summary>
    internal string OriginalClass { get; private init; } = string.Empty;

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
    }

    /// <summary>Signature inputs in the model's order (the metadata's input layers), as indices into the sorted signature.</summary>
    private int[] _inputOrder = [];

    /// <summary>Signature outputs in the model's order.</summary>
    private int[] _outputOrder = [];

    /// <summary>
    /// Revives the model from its <c>serving_default</c> signature. <paramref name="inputNames"/> and
    /// <paramref name="outputNames"/> (the metadata's input and output layers) order the signature's arguments and
    /// results as the original model took and returned them; when absent or not matching, the signature's sorted order is used.
    /// </summary>
    internal static RevivedModel Revive(string folder, string name, string originalClass, IReadOnlyDictionary<string, bool> trainable, IReadOnlyList<string>? inputNames = null, IReadOnlyList<string>? outputNames = null)
    {
        SavedModel graph = SavedModel.Load(folder);
        if (!graph.Signatures.TryGetValue("serving_default", out SavedModelSignature? serving) || serving.Inputs.Count == 0 || serving.Outputs.Count == 0)
        {
            graph.Dispose();
            throw new KerasFormatException(
                $"The class \"{originalClass}\" is not available and the SavedModel has no serving_default signature with inputs and outputs to revive it from. Pass the class in customObjects (or register it).",
                "signature_def",
                Path.Combine(folder, "saved_model.pb"));
        }

        var model = new RevivedModel(name, graph, serving)
        {
            OriginalClass = originalClass,
            _inputOrder = Order(serving.Inputs.Select(i => i.Name).ToList(), inputNames),
            _outputOrder = Order(serving.Outputs.Select(o => o.Name).ToList(), outputNames),
        };
        var used = graph.VariablesOf(serving).ToHashSet(StringComparer.Ordinal);
        foreach (VariableSlot slot in graph.Variables.Where(s => s.Value?.Tensor is not null && used.Contains(s.Name)))
        {
            Variable v = model.AddRestoredWeight(slot.Name, slot.Value!.Tensor!, trainable.GetValueOrDefault(slot.Name, true));
            slot.Value.Tensor!.Dispose();

            // The graph now reads the Keras variable itself: updates reach it, gradients flow back to it.
            slot.Value = GraphValue.Of(v.Value);
        }

        model.Built = true;
        return model;
    }

    private static int[] Order(List<string> sorted, IReadOnlyList<string>? names) =>
        names is not null && names.Count == sorted.Count && names.All(sorted.Contains)
            ? names.Select(n => sorted.IndexOf(n)).ToArray()
            : Enumerable.Range(0, sorted.Count).ToArray();

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input's shape is not the one the model was saved with (checked before the graph runs).</exception>
    protected override Tensor Call(Tensor inputs, bool training) => Single(Call([inputs], [null], training));

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An input count or shape the model was not saved with (checked before the graph runs).</exception>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != _inputOrder.Length)
        {
            throw new ArgumentException($"Model \"{Name}\" expects {_inputOrder.Length} input(s), but it received {inputs.Count} input tensors.", nameof(inputs));
        }

        var feeds = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            int k = _inputOrder[i];
            CheckShape(i, _serving.Inputs[k].Shape, Ops.ShapeOf(inputs[i]));
            feeds[_serving.InputTensor(k)] = GraphValue.Of(inputs[i]);
        }

        GraphValue[] results = _graph.Run(_outputOrder.Select(_serving.OutputTensor).ToList(), feeds);
        return results.Select(r => r.RequireTensor("the revived model's output")).ToArray();
    }

    private static Tensor Single(IReadOnlyList<Tensor> outputs) => outputs.Count == 1
        ? outputs[0]
        : throw new InvalidOperationException($"The revived model returns {outputs.Count} outputs; call it with a list of inputs (ApplyMulti, Predict(IReadOnlyList<Tensor>)).");

    private void CheckShape(int index, long?[]? expected, Shape actual)
    {
        if (expected is not null
            && (expected.Length != actual.Rank || expected.Select((d, i) => d is null || d < 0 || d == actual[i]).Any(ok => !ok)))
        {
            string Show(IEnumerable<long?> dims) => "(" + string.Join(", ", dims.Select(d => d is null or < 0 ? "None" : d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
            throw new ArgumentException($"Input {index} of layer \"{Name}\" is incompatible with the layer: expected shape={Show(expected)}, found shape={Show(actual)}.", "inputs");
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _graph.Dispose();
        }

        base.Dispose(disposing);
    }
}
