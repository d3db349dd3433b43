// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Serialization;

namespace Keras.Net.Initializers;

/// <summary>Produces a weight's initial value (Keras's <c>keras.initializers.Initializer</c>).</summary>
public abstract class Initializer : IKerasSerializable
{
    /// <inheritdoc />
    public virtual JsonObject GetConfig() => [];

    /// <summary>Creates a tensor of <paramref name="shape"/> and <paramref name="dtype"/>.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The dtype (default <see cref="KerasBackend.Floatx"/>).</param>
    /// <returns>The new tensor; the caller owns it.</returns>
    public abstract Tensor Call(long[] shape, DType? dtype = null);

    /// <summary>Resolves a Keras initializer name (<c>glorot_uniform</c>, <c>GlorotUniform</c>, <c>he_normal</c>, ...).</summary>
    /// <param name="name">The name.</param>
    /// <returns>A new initializer with Keras's defaults.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Initializer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = NameRegistry.ToSnakeCase(name);
        return key switch
        {
            "glorot_uniform" => new GlorotUniform(),
            "glorot_normal" => new GlorotNormal(),
            "he_uniform" => new HeUniform(),
            "he_normal" => new HeNormal(),
            "lecun_uniform" => new LecunUniform(),
            "lecun_normal" => new LecunNormal(),
            "zeros" or "zero" => new Zeros(),
            "ones" or "one" => new Ones(),
            "constant" => new Constant(),
            "random_normal" or "normal" => new RandomNormal(),
            "random_uniform" or "uniform" => new RandomUniform(),
            "truncated_normal" => new TruncatedNormal(),
            "orthogonal" => new Orthogonal(),
            "identity" => new Identity(),
            "variance_scaling" => new VarianceScaling(),
            _ when Serialization.KerasRegistry.BuiltInsOf("initializer").TryGetValue(key, out Type? type) =>
                (Initializer)Serialization.KerasSerializer.Instantiate(type, new System.Text.Json.Nodes.JsonObject(), new Serialization.DeserializationContext(null), "$"),
            _ => throw new ArgumentException($"Unknown initializer: '{name}'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope.", nameof(name)),
        };
    }

    /// <summary>Keras's fan computation: (fan_in, fan_out) for dense and convolution kernels.</summary>
    /// <param name="shape">The weight shape.</param>
    /// <returns>The fans.</returns>
    protected static (double FanIn, double FanOut) ComputeFans(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        switch (shape.Length)
        {
            case 0:
                return (1, 1);
            case 1:
                return (shape[0], shape[0]);
            case 2:
                return (shape[0], shape[1]);
            default:
                double receptive = 1;
                for (int i = 0; i < shape.Length - 2; i++)
                {
                    receptive *= shape[i];
                }

                return (shape[^2] * receptive, shape[^1] * receptive);
        }
    }
}
