// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Initializers;

namespace Keras.Net.Layers;

/// <summary>
/// A densely connected layer: <c>activation(dot(input, kernel) + bias)</c>, with the kernel laid out as
/// Keras lays it out, <c>[input_dim, units]</c>. Inputs of rank above 2 are multiplied along their last axis.
/// </summary>
public class Dense : Layer
{
    /// <summary>Creates the layer with a named activation.</summary>
    /// <param name="units">The output size (positive).</param>
    /// <param name="activation">A Keras activation name (<c>relu</c>, <c>softmax</c>, ...); null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer name or object (default <c>glorot_uniform</c>).</param>
    /// <param name="biasInitializer">Initializer name or object (default <c>zeros</c>).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Dense(int units, string? activation = null, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, string? name = null, bool trainable = true, string? dtype = null)
        : this(units, Activations.Get(activation), useBias, kernelInitializer, biasInitializer, name, trainable, dtype)
    {
        ActivationName = string.IsNullOrEmpty(activation) ? "linear" : activation;
    }

    /// <summary>Creates the layer with any activation function.</summary>
    /// <param name="units">The output size (positive).</param>
    /// <param name="activation">The activation function.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer name or object (default <c>glorot_uniform</c>).</param>
    /// <param name="biasInitializer">Initializer name or object (default <c>zeros</c>).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Dense(int units, Func<Tensor, Tensor> activation, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, dtype)
    {
        if (units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"Received an invalid value for `units`, expected a positive integer. Received: units={units}");
        }

        ArgumentNullException.ThrowIfNull(activation);
        Units = units;
        Activation = activation;
        ActivationName = Activations.NameOf(activation);
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        SupportsMasking = true;
    }

    /// <summary>The output size.</summary>
    public int Units { get; }

    /// <summary>The activation function.</summary>
    public Func<Tensor, Tensor> Activation { get; }

    /// <summary>The activation's Keras name, or null for a custom function.</summary>
    public string? ActivationName { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel initializer (name or object).</summary>
    public object KernelInitializer { get; }

    /// <summary>The bias initializer (name or object).</summary>
    public object BiasInitializer { get; }

    /// <summary>The kernel, <c>[input_dim, units]</c>; null before build.</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>The bias, <c>[units]</c>; null before build or without bias.</summary>
    public Variable? Bias { get; private set; }

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        long inputDim = inputShape.Rank > 0 && inputShape[^1] is long d
            ? d
            : throw new ArgumentException($"The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: {inputShape}");
        Kernel = AddWeight("kernel", Shape.Of(inputDim, Units), KernelInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(Units), BiasInitializer);
        }
    }

    /// <inheritdoc />
    protected override void CheckInputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        Shape s = inputShapes[0];
        if (s.Rank < 2)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected min_ndim=2, found ndim={s.Rank}. Full shape received: {s}");
        }

        long inputDim = Kernel!.Shape[0]!.Value;
        if (s[^1] is long last && last != inputDim)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected axis -1 of input shape to have value {inputDim}, but received input with shape {s}");
        }
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor y = Ops.Affine(inputs, Kernel!.Value, Bias?.Value);
        Tensor a = Activation(y);
        if (!ReferenceEquals(a, y))
        {
            y.Dispose();
        }

        return a;
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return inputShape.With(-1, Units);
    }
}
