// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

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
    /// <param name="kernelRegularizer">Regularizer name or object for the kernel.</param>
    /// <param name="biasRegularizer">Regularizer name or object for the bias.</param>
    /// <param name="activityRegularizer">Regularizer name or object for the output.</param>
    /// <param name="kernelConstraint">Constraint name or object for the kernel.</param>
    /// <param name="biasConstraint">Constraint name or object for the bias.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Dense(int units, string? activation = null, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
        : this(units, Activations.Get(activation), useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name, trainable, dtype)
    {
        ActivationName = string.IsNullOrEmpty(activation) ? "linear" : activation;
    }

    /// <summary>Creates the layer with any activation function.</summary>
    /// <param name="units">The output size (positive).</param>
    /// <param name="activation">The activation function.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer name or object (default <c>glorot_uniform</c>).</param>
    /// <param name="biasInitializer">Initializer name or object (default <c>zeros</c>).</param>
    /// <param name="kernelRegularizer">Regularizer name or object for the kernel.</param>
    /// <param name="biasRegularizer">Regularizer name or object for the bias.</param>
    /// <param name="activityRegularizer">Regularizer name or object for the output.</param>
    /// <param name="kernelConstraint">Constraint name or object for the kernel.</param>
    /// <param name="biasConstraint">Constraint name or object for the bias.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public Dense(int units, Func<Tensor, Tensor> activation, bool useBias = true, object? kernelInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? biasConstraint = null, string? name = null, bool trainable = true, string? dtype = null)
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
        KernelInitializer = ArgumentResolver.Initializer(kernelInitializer) ?? new GlorotUniform();
        BiasInitializer = ArgumentResolver.Initializer(biasInitializer) ?? new Zeros();
        KernelRegularizer = ArgumentResolver.Regularizer(kernelRegularizer);
        BiasRegularizer = ArgumentResolver.Regularizer(biasRegularizer);
        ActivityRegularizer = ArgumentResolver.Regularizer(activityRegularizer);
        KernelConstraint = ArgumentResolver.Constraint(kernelConstraint);
        BiasConstraint = ArgumentResolver.Constraint(biasConstraint);
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

    /// <summary>The kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The kernel regularizer, if any.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>The bias regularizer, if any.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>The output (activity) regularizer, if any.</summary>
    public Regularizer? ActivityRegularizer { get; }

    /// <summary>The kernel constraint, if any.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>The bias constraint, if any.</summary>
    public Constraint? BiasConstraint { get; }

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
        Kernel = AddWeight("kernel", Shape.Of(inputDim, Units), KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias)
        {
            Bias = AddWeight("bias", Shape.Of(Units), BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
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

        if (ActivityRegularizer is not null)
        {
            AddLoss(Ops.Divide(ActivityRegularizer.Call(a), Ops.Scalar(Ops.ShapeOf(a)[0] ?? 1, Ops.DTypeOf(a), Ops.DeviceOf(a))));
        }

        return a;
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return inputShape.With(-1, Units);
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = ActivationName ?? KerasSerializer.ActivationName(Activation);
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KerasSerializer.Serialize(KernelInitializer);
        config["bias_initializer"] = KerasSerializer.Serialize(BiasInitializer);
        config["kernel_regularizer"] = KerasSerializer.SerializeOptional(KernelRegularizer);
        config["bias_regularizer"] = KerasSerializer.SerializeOptional(BiasRegularizer);
        config["activity_regularizer"] = KerasSerializer.SerializeOptional(ActivityRegularizer);
        config["kernel_constraint"] = KerasSerializer.SerializeOptional(KernelConstraint);
        config["bias_constraint"] = KerasSerializer.SerializeOptional(BiasConstraint);
        return config;
    }

    /// <summary>Creates the layer from its config (Keras's <c>Dense.from_config</c>).</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static Dense FromConfig(JsonObject config) => ArgumentResolver.FromConfig<Dense>(config);

    /// <inheritdoc />
    internal override Shape? InputShapeFromWeight(long[] firstWeight) => firstWeight.Length == 2 ? new Shape([null, firstWeight[0]]) : null;
}
