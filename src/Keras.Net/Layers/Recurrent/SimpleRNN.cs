// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>Fully connected recurrence: <c>h_t = activation(x_t W + h_{t-1} U + b)</c> (Keras's <c>SimpleRNN</c>).</summary>
public sealed class SimpleRNN : RecurrentLayer
{
    /// <summary>Creates the layer (arguments as Keras's; see <see cref="RecurrentLayer"/>).</summary>
    /// <param name="units">The state size.</param>
    /// <param name="activation">The activation (default tanh).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Input kernel initializer.</param>
    /// <param name="recurrentInitializer">Recurrent kernel initializer.</param>
    /// <param name="biasInitializer">Bias initializer.</param>
    /// <param name="kernelRegularizer">Input kernel regularizer.</param>
    /// <param name="recurrentRegularizer">Recurrent kernel regularizer.</param>
    /// <param name="biasRegularizer">Bias regularizer.</param>
    /// <param name="activityRegularizer">Output regularizer.</param>
    /// <param name="kernelConstraint">Input kernel constraint.</param>
    /// <param name="recurrentConstraint">Recurrent kernel constraint.</param>
    /// <param name="biasConstraint">Bias constraint.</param>
    /// <param name="dropout">Input dropout.</param>
    /// <param name="recurrentDropout">Recurrent dropout.</param>
    /// <param name="returnSequences">Return every step.</param>
    /// <param name="returnState">Also return the final state.</param>
    /// <param name="goBackwards">Process backwards.</param>
    /// <param name="stateful">Not supported.</param>
    /// <param name="unroll">No effect.</param>
    /// <param name="timeMajor">Not supported.</param>
    /// <param name="zeroOutputForMask">Whether masked steps output zeros (else the previous output) with return_sequences.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public SimpleRNN(int units, string? activation = "tanh", bool useBias = true, object? kernelInitializer = null, object? recurrentInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? recurrentRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? recurrentConstraint = null, object? biasConstraint = null, double dropout = 0, double recurrentDropout = 0, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false, bool timeMajor = false, bool zeroOutputForMask = false, string? name = null, bool trainable = true, string? dtype = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, returnSequences, returnState, goBackwards, stateful, unroll, timeMajor, zeroOutputForMask, name, trainable, dtype)
    {
    }

    /// <inheritdoc />
    protected override string CellName => "simple_rnn_cell";

    /// <inheritdoc />
    protected override int Gates => 1;

    /// <inheritdoc />
    protected override int StateCount => 1;

    /// <inheritdoc />
    protected override Tensor[] Step(Tensor projected, Tensor[] states)
    {
        Tensor h = Ops.Add(projected, Ops.MatMul(states[0], RecurrentKernel!.Value));
        return [Activation(h)];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig() => RecurrentConfig(_ => { });

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static SimpleRNN FromConfig(JsonObject config) => ArgumentResolver.FromConfig<SimpleRNN>(config);
}
