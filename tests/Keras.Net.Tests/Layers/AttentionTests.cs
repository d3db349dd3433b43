// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Attention against softmax-weighted sums worked out by hand.</summary>
public sealed class AttentionTests : KerasTestBase
{
    private static Tensor Keys() => Ops.FromArray([1f, 0f, 0f, 1f], [1, 2, 2]);

    private static float[] Weighted(double s0, double s1)
    {
        double w0 = Math.Exp(s0) / (Math.Exp(s0) + Math.Exp(s1));
        return [(float)w0, (float)(1 - w0)];
    }

    [Fact]
    public void Dot_SoftmaxOverKeys_WeightsTheValues()
    {
        using Tensor q = Ops.FromArray([1f, 0f], [1, 1, 2]);
        using Tensor kv = Keys();

        using Tensor y = new Attention().Apply([q, kv]);

        TensorAssert.Close(Weighted(1, 0), y, 1e-6);
    }

    [Fact]
    public void UseScale_MultipliesTheScores_AndValueMaskExcludesKeys()
    {
        var layer = new Attention(useScale: true);
        using Tensor q = Ops.FromArray([1f, 0f], [1, 1, 2]);
        using Tensor kv = Keys();
        layer.EnsureBuilt([Ops.ShapeOf(q), Ops.ShapeOf(kv)]);
        layer.SetWeights([Ops.FromArray([2f], [])]);

        using Tensor y = layer.Apply([q, kv]);
        using Tensor mask = Ops.NotEqual(Ops.FromArray([1f, 0f], [1, 2]), 0.0);
        IReadOnlyList<Tensor> masked = layer.Invoke([q, kv], [null, mask], false, out _);

        TensorAssert.Close(Weighted(2, 0), y, 1e-6);
        TensorAssert.Close([1f, 0f], masked[0], 1e-6);
    }

    [Fact]
    public void Causal_HidesLaterKeys()
    {
        using Tensor qkv = Keys();

        using Tensor y = new Attention(causal: true).Apply([qkv, qkv]);

        TensorAssert.Close([1f, 0f, .. Weighted(0, 1)], y, 1e-6);
    }

    [Fact]
    public void Concat_ScoresWithTanhOfTheSum()
    {
        using Tensor q = Ops.FromArray([1f, 0f], [1, 1, 2]);
        using Tensor kv = Keys();

        using Tensor y = new Attention(scoreMode: "concat").Apply([q, kv]);

        TensorAssert.Close(Weighted(Math.Tanh(2) + Math.Tanh(0), Math.Tanh(1) + Math.Tanh(1)), y, 1e-6);
    }

    [Fact]
    public void Config_RoundTrips_AndBadInputsFail()
    {
        var layer = new Attention(useScale: true, scoreMode: "concat", dropout: 0.1);

        string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));

        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        Assert.Throws<ArgumentException>(() => new Attention(scoreMode: "additive"));
        using Tensor q = Ops.Ones([1, 2]);
        Assert.Throws<ArgumentException>(() => new Attention().Apply([q, q]));
    }
}
