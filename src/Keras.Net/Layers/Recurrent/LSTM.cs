// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Initializers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Long short-term memory (Keras's <c>LSTM</c>), gates in Keras's order i, f, c, o:
/// <c>z = x W + h U + b</c>; <c>c = f * c + i * activation(z_c)</c>; <c>h = o * activation(c)</c>, the gates through
/// <c>recurrent_activation</c> (tf.keras default sigmoid; Keras 2.0-2.2 files say hard_sigmoid).
/// </summary>
public sealed class LSTM : RecurrentLayer
{
    /// <summary>Creates the layer (arguments as Keras's; see <see cref="RecurrentLayer"/>).</summary>
    /// <param name="units">The state size.</param>
    /// <param name="activation">The activation (default tanh).</param>
    /// <param name="recurrentActivation">The gate activation (default sigmoid).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Input kernel initializer.</param>
    /// <param name="recurrentInitializer">Recurrent kernel initializer.</param>
    /// <param name="biasInitializer">Bias initializer.</param>
    /// <param name="unitForgetBias">Initialize the forget gate's bias to 1.</param>
    /// <param name="kernelRegularizer">Input kernel regularizer.</param>
    /// <param name="recurrentRegularizer">Recurrent kernel regularizer.</param>
    /// <param name="biasRegularizer">Bias regularizer.</param>
    /// <param name="activityRegularizer">Output regularizer.</param>
    /// <param name="kernelConstraint">Input kernel constraint.</param>
    /// <param name="recurrentConstraint">Recurrent kernel constraint.</param>
    /// <param name="biasConstraint">Bias constraint.</param>
    /// <param name="dropout">Input dropout.</param>
    /// <param name="recurrentDropout">Recurrent dropout.</param>
    /// <param name="implementation">Accepted for Keras configs; no effect.</param>
    /// <param name="returnSequences">Return every step.</param>
    /// <param name="returnState">Also return the final h and c.</param>
    /// <param name="goBackwards">Process backwards.</param>
    /// <param name="stateful">Not supported.</param>
    /// <param name="unroll">No effect.</param>
    /// <param name="timeMajor">Not supported.</param>
    /// <param name="zeroOutputForMask">Whether masked steps output zeros (else the previous output) with return_sequences.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public LSTM(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true, object? kernelInitializer = null, object? recurrentInitializer = null, object? biasInitializer = null, bool unitForgetBias = true, object? kernelRegularizer = null, object? recurrentRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? recurrentConstraint = null, object? biasConstraint = null, double dropout = 0, double recurrentDropout = 0, int implementation = 2, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false, bool timeMajor = false, bool zeroOutputForMask = false, string? name = null, bool trainable = true, string? dtype = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, returnSequences, returnState, goBackwards, stateful, unroll, timeMajor, zeroOutputForMask, name, trainable, dtype)
    {
        RecurrentActivationName = recurrentActivation ?? "sigmoid";
        RecurrentActivation = Activations.Get(RecurrentActivationName);
        UnitForgetBias = unitForgetBias;
        Implementation = implementation;
    }

    /// <summary>The gate activation's name.</summary>
    public string RecurrentActivationName { get; }

    /// <summary>The gate activation.</summary>
    public Func<Tensor, Tensor> RecurrentActivation { get; }

    /// <summary>Whether the forget gate's bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>Keras's implementation mode (no effect here).</summary>
    public int Implementation { get; }

    /// <inheritdoc />
    protected override string CellName => "lstm_cell";

    /// <inheritdoc />
    protected override int Gates => 4;

    /// <inheritdoc />
    protected override int StateCount => 2;

    /// <inheritdoc />
    protected override Initializer BiasInitial() => UnitForgetBias ? new ForgetBiasInitializer(BiasInitializer, Units) : BiasInitializer;

    /// <inheritdoc />
    protected override Tensor[] Step(Tensor projected, Tensor[] states)
    {
        Tensor z = Ops.Add(projected, Ops.MatMul(states[0], RecurrentKernel!.Value));
        Tensor[] gates = Ops.SplitLastAxis(z, 4);
        Tensor i = RecurrentActivation(gates[0]);
        Tensor f = RecurrentActivation(gates[1]);
        Tensor c = Ops.Add(Ops.Multiply(f, states[1]), Ops.Multiply(i, Activation(gates[2])));
        Tensor o = RecurrentActivation(gates[3]);
        Tensor h = Ops.Multiply(o, Activation(c));
        return [h, c];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = RecurrentConfig(c => c["recurrent_activation"] = RecurrentActivationName);
        config["unit_forget_bias"] = UnitForgetBias;
        config["implementation"] = Implementation;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static LSTM FromConfig(JsonObject config) => ArgumentResolver.FromConfig<LSTM>(config);

    /// <summary>Keras's unit_forget_bias: the bias initializer for i, ones for f, the initializer for c and o.</summary>
    private sealed class ForgetBiasInitializer(Initializer inner, int units) : Initializer
    {
        public override Tensor Call(long[] shape, Backend.DType? dtype = null)
        {
            using TensorScope scope = Ops.NewScope();
            Tensor a = inner.Call([units], dtype);
            Tensor ones = Ops.Ones([units], dtype);
            Tensor rest = inner.Call([units * 2L], dtype);
            return scope.Keep(Ops.Concatenate([a, ones, rest], 0));
        }
    }
}
