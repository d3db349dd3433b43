// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;

namespace Keras.Net.Models;

/// <summary>
/// A model (Keras's <c>keras.Model</c>): either functional, built from symbolic inputs and outputs
/// (<c>new Model(inputs, outputs)</c>), or subclassed, with layers held in fields and the computation in an
/// overridden <c>Call</c>. A model is a layer, so it can be used inside another model.
/// </summary>
public partial class Model : Layer
{
    private FunctionalGraph? _graph;
    private Device? _device;

    /// <summary>Initializes a subclassed model; override <c>Call</c> and hold layers in fields.</summary>
    /// <param name="name">The name (default the class name in snake_case).</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    protected Model(string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
    }

    /// <summary>Creates a functional model with one input and one output.</summary>
    /// <param name="inputs">The input (from <see cref="Keras.Net.Input"/>).</param>
    /// <param name="outputs">The output tensor.</param>
    /// <param name="name">The name (default <c>model</c>, <c>model_1</c>, ...).</param>
    public Model(KerasTensor inputs, KerasTensor outputs, string? name = null)
        : this([inputs], [outputs], name)
    {
    }

    /// <summary>Creates a functional model with several inputs and one output.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="outputs">The output tensor.</param>
    /// <param name="name">The name.</param>
    public Model(IReadOnlyList<KerasTensor> inputs, KerasTensor outputs, string? name = null)
        : this(inputs, [outputs], name)
    {
    }

    /// <summary>Creates a functional model with one input and several outputs.</summary>
    /// <param name="inputs">The input.</param>
    /// <param name="outputs">The outputs.</param>
    /// <param name="name">The name.</param>
    public Model(KerasTensor inputs, IReadOnlyList<KerasTensor> outputs, string? name = null)
        : this([inputs], outputs, name)
    {
    }

    /// <summary>Creates a functional model.</summary>
    /// <param name="inputs">The inputs (from <see cref="Keras.Net.Input"/>).</param>
    /// <param name="outputs">The outputs.</param>
    /// <param name="name">The name.</param>
    public Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        SetGraph(inputs, outputs);
    }

    /// <summary>Whether this model is a graph of layers (functional or Sequential with a known input).</summary>
    public bool IsGraphNetwork => _graph is not null;

    /// <summary>The symbolic inputs (empty for a subclassed model).</summary>
    public IReadOnlyList<KerasTensor> Inputs => _graph?.Inputs ?? [];

    /// <summary>The symbolic outputs (empty for a subclassed model).</summary>
    public IReadOnlyList<KerasTensor> Outputs => _graph?.Outputs ?? [];

    /// <summary>The layers: in graph order for functional models (input layers included), tracked fields for subclassed ones.</summary>
    public virtual IReadOnlyList<Layer> Layers => _graph?.Layers ?? ChildLayers.ToList();

    /// <summary>The device the model's variables live on.</summary>
    public Device Device
    {
        get
        {
            if (_device is null)
            {
                IReadOnlyList<Variable> weights = Weights;
                if (weights.Count == 0)
                {
                    return KerasBackend.DefaultDevice;
                }

                _device = weights[0].Device;
            }

            return _device;
        }
    }

    internal FunctionalGraph? Graph => _graph;

    /// <inheritdoc />
    private protected override bool OpensNameScope => _graph is null;

    /// <inheritdoc />
    protected internal override IEnumerable<Layer> ChildLayers =>
        _graph is null ? base.ChildLayers : _graph.Layers.Where(l => l is not InputLayer);

    /// <summary>Finds a layer by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The layer.</returns>
    /// <exception cref="ArgumentException">No layer has that name.</exception>
    public Layer GetLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Layers.FirstOrDefault(l => l.Name == name)
            ?? throw new ArgumentException($"No such layer: {name}. Existing layers are: [{string.Join(", ", Layers.Select(l => $"'{l.Name}'"))}].", nameof(name));
    }

    /// <summary>Finds a layer by index in <see cref="Layers"/> (negative counts from the end).</summary>
    /// <param name="index">The index.</param>
    /// <returns>The layer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public Layer GetLayer(int index)
    {
        IReadOnlyList<Layer> layers = Layers;
        int i = index < 0 ? index + layers.Count : index;
        return i >= 0 && i < layers.Count
            ? layers[i]
            : throw new ArgumentOutOfRangeException(nameof(index), $"Was asked to retrieve layer at index {index} but model only has {layers.Count} layers.");
    }

    /// <summary>Moves every variable to <paramref name="device"/>; later calls expect inputs there (Predict moves them).</summary>
    /// <param name="device">The device.</param>
    /// <returns>This model.</returns>
    public Model To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.IsCuda && !Device.IsCudaAvailable)
        {
            throw new InvalidOperationException($"Cannot move model \"{Name}\" to {device}: CUDA is not available.");
        }

        MoveVariables(device);
        _device = device;
        return this;
    }

    /// <summary>Sets the graph (functional construction, or a Sequential model's inferred graph).</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="outputs">The outputs.</param>
    private protected void SetGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        _graph = new FunctionalGraph(inputs.ToArray(), outputs.ToArray());
        Built = true;
    }

    /// <summary>Forgets the graph (a Sequential model that lost all its layers).</summary>
    private protected void ClearGraph()
    {
        _graph = null;
        Built = false;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (_graph is null)
        {
            return base.Call(inputs, masks, training);
        }

        if (inputs.Count != _graph.Inputs.Count)
        {
            throw new ArgumentException($"Model \"{Name}\" expects {_graph.Inputs.Count} input(s), but it received {inputs.Count} input tensors.", nameof(inputs));
        }

        return _graph.Run(PrepareInputs(inputs), masks, training, out _);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> ComputeOutputShape(IReadOnlyList<Shape> inputShapes) =>
        _graph is null ? base.ComputeOutputShape(inputShapes) : _graph.ComputeOutputShapes(inputShapes);

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) =>
        _graph is null ? base.ComputeOutputShape(inputShape) : Single(_graph.ComputeOutputShapes([inputShape]));

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (_graph is null)
        {
            return;
        }

        if (inputShapes.Count != _graph.Inputs.Count)
        {
            throw new ArgumentException($"Model \"{Name}\" expects {_graph.Inputs.Count} input(s), but it received {inputShapes.Count} input tensors.");
        }

        for (int i = 0; i < inputShapes.Count; i++)
        {
            Shape expected = _graph.Inputs[i].Shape, found = inputShapes[i];
            bool ok = expected.Rank == found.Rank
                && expected.Zip(found).All(p => p.First is null || p.Second is null || p.First == p.Second);
            if (!ok)
            {
                throw new ArgumentException(
                    $"Input {i} of layer \"{Name}\" is incompatible with the layer: expected shape={expected}, found shape={found}");
            }
        }
    }

    private Tensor[] PrepareInputs(IReadOnlyList<Tensor> inputs)
    {
        var prepared = new Tensor[inputs.Count];
        Device device = Device;
        for (int i = 0; i < inputs.Count; i++)
        {
            Tensor x = inputs[i];
            DType want = _graph!.Inputs[i].DType;
            if (!Ops.DTypeOf(x).Equals(want))
            {
                x = Ops.Cast(x, want);
            }

            if (!Ops.DeviceOf(x).Equals(device))
            {
                x = Ops.To(x, device);
            }

            prepared[i] = x;
        }

        return prepared;
    }

    private static Shape Single(IReadOnlyList<Shape> shapes) => shapes.Count == 1
        ? shapes[0]
        : throw new InvalidOperationException($"The model has {shapes.Count} outputs; use ComputeOutputShape with a list.");
}
