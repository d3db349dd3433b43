// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// One signature of a loaded SavedModel (<c>loaded.signatures["serving_default"]</c>): named inputs in, named
/// outputs out. Calls are serialized per model, so one instance may be shared by concurrent callers.
/// </summary>
public sealed class SavedModelSignature
{
    private readonly SavedModel _owner;
    private readonly IReadOnlyDictionary<string, string> _inputTensors;
    private readonly IReadOnlyDictionary<string, string> _outputTensors;

    internal SavedModelSignature(SavedModel owner, string name, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, IReadOnlyDictionary<string, string> inputTensors, IReadOnlyDictionary<string, string> outputTensors)
    {
        _owner = owner;
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        _inputTensors = inputTensors;
        _outputTensors = outputTensors;
    }

    /// <summary>The signature's key (<c>serving_default</c>).</summary>
    public string Name { get; }

    /// <summary>The arguments, sorted by name.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>The results, sorted by name.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Runs the signature. Inputs are checked against <see cref="Inputs"/> (names, rank, known dimensions) and cast to their dtype.</summary>
    /// <param name="inputs">One tensor per input name.</param>
    /// <returns>One new tensor per output name (the caller owns them).</returns>
    /// <exception cref="ArgumentException">A missing or unknown input, or a shape that does not fit.</exception>
    /// <exception cref="KerasFormatException">The graph uses an op Keras.Net cannot run (named with its node).</exception>
    public IReadOnlyDictionary<string, Tensor> Call(IReadOnlyDictionary<string, Tensor> inputs) => Call(inputs, new Dictionary<string, StringTensor>());

    /// <summary>Runs a signature that also takes string inputs (feature columns, vocabularies).</summary>
    /// <param name="inputs">The numeric inputs by name.</param>
    /// <param name="strings">The string inputs by name.</param>
    /// <returns>One new tensor per output name (the caller owns them).</returns>
    /// <exception cref="ArgumentException">A missing or unknown input, a shape that does not fit, or a string fed as a number.</exception>
    public IReadOnlyDictionary<string, Tensor> Call(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, StringTensor> strings)
    {
        var (numbers, text) = CallAll(inputs, strings);
        if (text.Count > 0)
        {
            foreach (Tensor t in numbers.Values)
            {
                t.Dispose();
            }

            throw new InvalidOperationException($"Signature \"{Name}\" returns strings ({string.Join(", ", text.Keys)}); call CallAll to get them with the numeric outputs.");
        }

        return numbers;
    }

    /// <summary>Runs the signature and returns every output: numeric ones as tensors, string ones (class names, ...) as <see cref="StringTensor"/>s.</summary>
    /// <param name="inputs">The numeric inputs by name.</param>
    /// <param name="strings">The string inputs by name (serialized <c>tf.Example</c>s via <see cref="StringTensor.FromBytes"/>).</param>
    /// <returns>The numeric outputs (the caller owns them) and the string outputs, by name.</returns>
    /// <exception cref="ArgumentException">A missing or unknown input, a shape that does not fit, or a string fed as a number.</exception>
    /// <exception cref="KerasFormatException">The graph uses an op Keras.Net cannot run (named with its node).</exception>
    public (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, StringTensor> Strings) CallAll(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, StringTensor> strings)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(strings);
        foreach (string key in inputs.Keys.Concat(strings.Keys))
        {
            if (!_inputTensors.ContainsKey(key))
            {
                throw new ArgumentException($"Signature \"{Name}\" has no input \"{key}\"; its inputs are: {string.Join(", ", Inputs.Select(i => i.Name))}.", nameof(inputs));
            }
        }

        var feeds = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        foreach (TensorSpec spec in Inputs)
        {
            if (spec.DType.Equals(DType.String))
            {
                if (!strings.TryGetValue(spec.Name, out StringTensor? text) || text.Values.Count != text.Shape.Aggregate(1L, (a, b) => a * b))
                {
                    throw new ArgumentException($"Signature \"{Name}\" needs string input \"{spec.Name}\"{Describe(spec.Shape)}, with as many values as its shape holds.", nameof(strings));
                }

                feeds[_inputTensors[spec.Name]] = GraphValue.OfStrings(text.Encoded(), text.Shape);
                continue;
            }

            if (!inputs.TryGetValue(spec.Name, out Tensor? value))
            {
                throw new ArgumentException($"Signature \"{Name}\" needs input \"{spec.Name}\" ({spec.DType.Name}{Describe(spec.Shape)}).", nameof(inputs));
            }

            Check(spec, value);
            feeds[_inputTensors[spec.Name]] = GraphValue.Of(Ops.DTypeOf(value).Equals(spec.DType) ? value : Ops.Cast(value, spec.DType));
        }

        GraphValue[] results = _owner.Run(Outputs.Select(o => _outputTensors[o.Name]).ToList(), feeds);
        var output = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var words = new Dictionary<string, StringTensor>(StringComparer.Ordinal);
        for (int i = 0; i < Outputs.Count; i++)
        {
            if (results[i].Strings is { } bytes)
            {
                words[Outputs[i].Name] = StringTensor.FromBytes(bytes, results[i].Shape);
                continue;
            }

            output[Outputs[i].Name] = Ops.Copy(results[i].RequireTensor($"output {Outputs[i].Name}"));
        }

        return (output, words);
    }

    /// <summary>Runs a signature that has exactly one input and one output.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The output (the caller owns it).</returns>
    /// <exception cref="InvalidOperationException">The signature has several inputs or outputs.</exception>
    public Tensor Call(Tensor input)
    {
        if (Inputs.Count != 1 || Outputs.Count != 1)
        {
            throw new InvalidOperationException($"Signature \"{Name}\" has {Inputs.Count} inputs and {Outputs.Count} outputs; call it with a dictionary.");
        }

        return Call(new Dictionary<string, Tensor> { [Inputs[0].Name] = input })[Outputs[0].Name];
    }

    /// <summary>The graph tensor fed for input <paramref name="index"/> (in <see cref="Inputs"/> order).</summary>
    internal string InputTensor(int index) => _inputTensors[Inputs[index].Name];

    /// <summary>The graph tensor fetched for output <paramref name="index"/> (in <see cref="Outputs"/> order).</summary>
    internal string OutputTensor(int index) => _outputTensors[Outputs[index].Name];

    private void Check(TensorSpec spec, Tensor value)
    {
        if (spec.Shape is null)
        {
            return;
        }

        Shape actual = Ops.ShapeOf(value);
        bool fits = actual.Rank == spec.Shape.Length && spec.Shape.Select((d, i) => d is null || d == actual[i]).All(b => b);
        if (!fits)
        {
            throw new ArgumentException($"Signature \"{Name}\" input \"{spec.Name}\" expects shape {Describe(spec.Shape)}, got {actual}.", nameof(value));
        }
    }

    private static string Describe(long?[]? shape) =>
        shape is null ? " of any shape" : "[" + string.Join(", ", shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")) + "]";
}
