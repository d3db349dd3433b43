// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Activations;

/// <summary>Each built-in activation against its formula, evaluated in double precision here.</summary>
public sealed class ActivationsTests
{
    private static readonly double[] Xs = [-3.0, -0.5, 0.0, 0.7, 2.5];

    public static TheoryData<string> Names => new() { "linear", "relu", "sigmoid", "tanh", "softplus", "softsign", "selu", "elu", "gelu", "swish", "silu", "exponential", "hard_sigmoid", "leaky_relu" };

    private static double Reference(string name, double x)
    {
        const double SeluAlpha = 1.6732632423543772, SeluScale = 1.0507009873554805;
        double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        return name switch
        {
            "linear" => x,
            "relu" => Math.Max(x, 0),
            "sigmoid" => Sigmoid(x),
            "tanh" => Math.Tanh(x),
            "softplus" => Math.Log(1 + Math.Exp(x)),
            "softsign" => x / (1 + Math.Abs(x)),
            "selu" => x > 0 ? SeluScale * x : SeluScale * SeluAlpha * (Math.Exp(x) - 1),
            "elu" => x > 0 ? x : Math.Exp(x) - 1,
            "gelu" => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
            "swish" or "silu" => x * Sigmoid(x),
            "exponential" => Math.Exp(x),
            "hard_sigmoid" => Math.Clamp((0.2 * x) + 0.5, 0, 1),
            "leaky_relu" => x >= 0 ? x : 0.2 * x,
            _ => throw new ArgumentException(name),
        };
    }

    // Abramowitz-Stegun 7.1.26 is too coarse; use a series/continued fraction accurate to 1e-12.
    private static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 100; n++)
        {
            sum += term / ((2 * n) + 1);
            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_MatchesFormula(string name)
    {
        using Tensor x = Ops.FromArray(Xs.Select(v => (float)v).ToArray(), [Xs.Length]);

        using Tensor y = Keras.Net.Activations.Get(name)(x);

        TensorAssert.Close(Xs.Select(v => (float)Reference(name, v)).ToArray(), y, 1e-5);
    }

    [Fact]
    public void Softmax_MatchesFormulaOnLastAxis()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 0f, 0f], [2, 2]);

        using Tensor y = Keras.Net.Activations.Get("softmax")(x);

        double e = Math.Exp(1);
        TensorAssert.Close([(float)(1 / (1 + e)), (float)(e / (1 + e)), 0.5f, 0.5f], y, 1e-6);
    }

    [Fact]
    public void Get_NullIsLinear_UnknownThrows_NameOfRoundTrips()
    {
        Assert.Equal("linear", Keras.Net.Activations.NameOf(Keras.Net.Activations.Get(null)));
        Assert.Equal("relu", Keras.Net.Activations.NameOf(Keras.Net.Activations.Get("relu")));
        var ex = Assert.Throws<ArgumentException>(() => Keras.Net.Activations.Get("custom_activation"));
        Assert.Contains("Unknown activation function: 'custom_activation'", ex.Message);
    }
}
