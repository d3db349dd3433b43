// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Initializers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Gated recurrent unit (Keras's <c>GRU</c>), gates in Keras's order z (update), r (reset), h (candidate):
/// <c>h = z * h_prev + (1 - z) * hh</c>. With <c>reset_after</c> (default) the bias is <c>(2, 3 * units)</c>, an input
/// row and a recurrent row, and <c>hh = activation(x W_h + b_h + r * (h_prev U_h + b'_h))</c>; without it the bias is
/// <c>(3 * units)</c> and <c>hh = activation(x W_h + b_h + (r * h_prev) U_h)</c>.
/// </summary>
public sealed class GRU : RecurrentLayer
{
    /// <summary>Creates the layer (arguments as Keras's; see <see cref="RecurrentLayer"/>).</summary>
    /// <param name="units">The state size.</param>
    /// <param name="activation">The activation (default tanh).</param>
    /// <param name="recurrentActivation">The gate activation (default sigmoid).</param>
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
    /// <param name="implementation">Accepted for Keras configs; no effect.</param>
    /// <param name="returnSequences">Return every step.</param>
    /// <param name="returnState">Also return the final h.</param>
    /// <param name="goBackwards">Process backwards.</param>
    /// <param name="stateful">Not supported.</param>
    /// <param name="unroll">No effect.</param>
    /// <param name="timeMajor">Not supported.</param>
    /// <param name="resetAfter">Apply the reset gate after the recurrent matmul (tf.keras 2 and Keras 3 default) or before it (Keras 2.0-2.2).</param>
    /// <param name="zeroOutputForMask">Whether masked steps output zeros (else the previous output) with return_sequences.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Whether trained.</param>
    /// <param name="dtype">The weights' dtype.</param>
    public GRU(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true, object? kernelInitializer = null, object? recurrentInitializer = null, object? biasInitializer = null, object? kernelRegularizer = null, object? recurrentRegularizer = null, object? biasRegularizer = null, object? activityRegularizer = null, object? kernelConstraint = null, object? recurrentConstraint = null, object? biasConstraint = null, double dropout = 0, double recurrentDropout = 0, int implementation = 2, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false, bool timeMajor = false, bool resetAfter = true, bool zeroOutputForMask = false, string? name = null, bool trainable = true, string? dtype = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, returnSequences, returnState, goBackwards, stateful, unroll, timeMajor, zeroOutputForMask, name, trainable, dtype)
    {
        RecurrentActivationName = recurrentActivation ?? "sigmoid";
        RecurrentActivation = Activations.Get(RecurrentActivationName);
        Implementation = implementation;
        ResetAfter = resetAfter;
    }

    /// <summary>The gate activation's name.</summary>
    public string RecurrentActivationName { get; }

    /// <summary>The gate activation.</summary>
    public Func<Tensor, Tensor> RecurrentActivation { get; }

    /// <summary>Keras's implementation mode (no effect here).</summary>
    public int Implementation { get; }

    /// <summary>Whether the reset gate is applied after the recurrent matmul.</summary>
    public bool ResetAfter { get; }

    /// <inheritdoc />
    protected override string CellName => "gru_cell";

    /// <inheritdoc />
    protected override int Gates => 3;

    /// <inheritdoc />
    protected override int StateCount => 1;

    /// <inheritdoc />
    protected override Shape BiasShape => ResetAfter ? Shape.Of(2, 3 * Units) : Shape.Of(3 * Units);

    /// <inheritdoc />
    protected override Tensor? InputBias() =>
        Bias is null ? null : ResetAfter ? Ops.Reshape(Ops.SliceRows(Bias.Value, 0, 1), [-1]) : Bias.Value;

    /// <inheritdoc />
    protected override Tensor[] Step(Tensor projected, Tensor[] states)
    {
        Tensor h = states[0];
        Tensor[] x = Ops.SplitLastAxis(projected, 3);
        Tensor z, r, hh;
        if (ResetAfter)
        {
            Tensor recurrent = Ops.MatMul(h, RecurrentKernel!.Value);
            if (Bias is not null)
            {
                recurrent = Ops.Add(recurrent, Ops.Reshape(Ops.SliceRows(Bias.Value, 1, 1), [-1]));
            }

            Tensor[] rec = Ops.SplitLastAxis(recurrent, 3);
            z = RecurrentActivation(Ops.Add(x[0], rec[0]));
            r = RecurrentActivation(Ops.Add(x[1], rec[1]));
            hh = Activation(Ops.Add(x[2], Ops.Multiply(r, rec[2])));
        }
        else
        {
            Tensor[] u = Ops.SplitLastAxis(RecurrentKernel!.Value, 3);
            z = RecurrentActivation(Ops.Add(x[0], Ops.MatMul(h, u[0])));
            r = RecurrentActivation(Ops.Add(x[1], Ops.MatMul(h, u[1])));
            hh = Activation(Ops.Add(x[2], Ops.MatMul(Ops.Multiply(r, h), u[2])));
        }

        // h = z * h_prev + (1 - z) * hh = hh + z * (h_prev - hh).
        return [Ops.Add(hh, Ops.Multiply(z, Ops.Subtract(h, hh)))];
    }

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = RecurrentConfig(c => c["recurrent_activation"] = RecurrentActivationName);
        config["implementation"] = Implementation;
        config["reset_after"] = ResetAfter;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static GRU FromConfig(JsonObject config) => ArgumentResolver.FromConfig<GRU>(config);
}
