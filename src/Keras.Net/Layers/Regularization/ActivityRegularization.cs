// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Layers;

/// <summary>
/// Passes its input through unchanged and adds <c>l1 * sum|x| + l2 * sum x^2</c>, divided by the batch size as
/// tf.keras does, to the model's losses (Keras's <c>ActivityRegularization</c>).
/// </summary>
public sealed class ActivityRegularization : Layer
{
    private readonly L1L2 _regularizer;

    /// <summary>Creates the layer.</summary>
    /// <param name="l1">The L1 factor.</param>
    /// <param name="l2">The L2 factor.</param>
    /// <param name="name">The layer name.</param>
    public ActivityRegularization(double l1 = 0.0, double l2 = 0.0, string? name = null)
        : base(name)
    {
        _regularizer = new L1L2(l1, l2);
        SupportsMasking = true;
    }

    /// <summary>The L1 factor.</summary>
    public double L1 => _regularizer.L1Factor;

    /// <summary>The L2 factor.</summary>
    public double L2 => _regularizer.L2Factor;

    /// <inheritdoc />
    protected override Tensor Call(Tensor inputs, bool training)
    {
        using (TensorScope scope = Ops.NewScope())
        {
            long batch = Ops.ShapeOf(inputs)[0] ?? 1;
            AddLoss(scope.Keep(Ops.Divide(_regularizer.Call(inputs), Ops.Scalar(batch, Ops.DTypeOf(inputs), Ops.DeviceOf(inputs)))));
        }

        return Ops.Alias(inputs);
    }

    /// <inheritdoc />
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config["l1"] = L1;
        config["l2"] = L2;
        return config;
    }

    /// <summary>Creates the layer from its config.</summary>
    /// <param name="config">The config.</param>
    /// <returns>The layer.</returns>
    public static ActivityRegularization FromConfig(JsonObject config) => ArgumentResolver.FromConfig<ActivityRegularization>(config);
}
