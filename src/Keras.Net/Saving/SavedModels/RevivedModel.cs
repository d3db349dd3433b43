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

    internal static RevivedModel Revive(string folder, string name, string originalClass, IReadOnlyDictionary<string, bool> trainable)
    {
        SavedModel graph = SavedModel.Load(folder);
        if (!graph.Signatures.TryGetValue("serving_default", out SavedModelSignature? serving) || serving.Inputs.Count != 1 || serving.Outputs.Count != 1)
        {
            graph.Dispose();
            throw new KerasFormatException(
                $"The class \"{originalClass}\" is not available and the SavedModel has no single-input, single-output serving_default signature to revive it from. Pass the class in customObjects (or register it).",
                "signature_def",
                Path.Combine(folder, "saved_model.pb"));
        }

        var model = new RevivedModel(name, graph, serving) { OriginalClass = originalClass };
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

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input's shape is not the one the model was saved with (checked before the graph runs).</exception>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Shape actual = Ops.ShapeOf(inputs);
        if (_serving.Inputs[0].Shape is { } expected
            && (expected.Length != actual.Rank || expected.Select((d, i) => d is null || d < 0 || d == actual[i]).Any(ok => !ok)))
        {
            string Show(IEnumerable<long?> dims) => "(" + string.Join(", ", dims.Select(d => d is null or < 0 ? "None" : d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected shape={Show(expected)}, found shape={Show(actual)}.", nameof(inputs));
        }

        var feeds = new Dictionary<string, GraphValue>(StringComparer.Ordinal) { [_serving.InputTensor(0)] = GraphValue.Of(inputs) };
        GraphValue result = _graph.Run([_serving.OutputTensor(0)], feeds)[0];
        return result.RequireTensor("the revived model's output");
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
