// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>LeakyReLU, ThresholdedReLU, ELU and PReLU against their formulas, and their configs.</summary>
public sealed class ActivationLayerTests : KerasTestBase
{
    private static readonly float[] X = [-2f, -0.5f, 0f, 0.5f, 1f, 3f];

    private static float[] Run(Layer layer)
    {
        using Tensor x = Ops.FromArray(X, [1, X.Length]);
        using Tensor y = layer.Apply(x);
        return Ops.ToFloatArray(y);
    }

    [Fact]
    public void LeakyReLU_DefaultSlope0Point3() =>
        Assert.Equal(X.Select(v => v >= 0 ? v : 0.3f * v), Run(new LeakyReLU()), new FloatComparer(1e-6f));

    [Fact]
    public void ThresholdedReLU_KeepsValuesAboveTheta() =>
        Assert.Equal(X.Select(v => v > 1f ? v : 0f), Run(new ThresholdedReLU()), new FloatComparer(1e-6f));

    [Fact]
    public void ELU_AlphaTimesExpMinusOne() =>
        Assert.Equal(X.Select(v => v > 0 ? v : (float)(0.5 * (Math.Exp(v) - 1))), Run(new ELU(0.5)), new FloatComparer(1e-6f));

    [Fact]
    public void PReLU_LearnedSlopePerFeature_AndSharedAxes()
    {
        var prelu = new PReLU(alphaInitializer: new Keras.Net.Initializers.Constant(0.25));
        Assert.Equal(X.Select(v => v >= 0 ? v : 0.25f * v), Run(prelu), new FloatComparer(1e-6f));
        Assert.Equal(Shape.Of(X.Length), prelu.AlphaWeight!.Shape);

        var shared = new PReLU(sharedAxes: [1, 2]);
        shared.EnsureBuilt(new Shape([null, 4, 4, 3]));
        Assert.Equal(Shape.Of(1, 1, 3), shared.AlphaWeight!.Shape);
    }

    [Fact]
    public void Configs_RoundTripWithKerasKeys()
    {
        foreach (Layer layer in new Layer[] { new LeakyReLU(0.1), new ThresholdedReLU(0.5), new ELU(2), new PReLU(sharedAxes: [1]) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }

        Assert.Equal("{\"name\": \"leaky_re_lu_1\", \"trainable\": true, \"dtype\": \"float32\", \"alpha\": 0.30000001192092896}", PythonJson.Serialize(new LeakyReLU().GetConfig()));
        var fromKeras3 = (LeakyReLU)KerasSerializer.Deserialize<Layer>(PythonJson.Parse("{\"class_name\": \"LeakyReLU\", \"config\": {\"name\": \"l\", \"negative_slope\": 0.2}}"));
        Assert.Equal(0.2, fromKeras3.Alpha, 6);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
