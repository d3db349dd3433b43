// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Embedding and Masking: row lookup, masks, the masked-RNN equivalence, and configs.</summary>
public sealed class EmbeddingTests : KerasTestBase
{
    [Fact]
    public void Embedding_LooksUpRows_AndAddsTheVectorAxis()
    {
        var layer = new Embedding(3, 2);
        layer.EnsureBuilt(new Shape([null, 2]));
        layer.SetWeights([Ops.FromArray(new float[,] { { 0, 1 }, { 10, 11 }, { 20, 21 } })]);
        using Tensor x = Ops.FromArray(new float[,] { { 2, 0 }, { 1, 1 } });

        using Tensor y = layer.Apply(x);

        TensorAssert.Shape(y, 2, 2, 2);
        TensorAssert.Close([20f, 21f, 0f, 1f, 10f, 11f, 10f, 11f], y);
        Assert.Equal(new Shape([null, 2, 2]), layer.ComputeOutputShape(new Shape([null, 2])));
        Assert.Equal("embeddings", Assert.Single(layer.Weights).ShortName);
    }

    [Fact]
    public void Embedding_RejectsIndicesOutsideTheVocabulary_AndUnsupportedArguments()
    {
        var layer = new Embedding(3, 2);
        using Tensor x = Ops.FromArray(new float[,] { { 3 } });

        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(x));

        Assert.Contains("[0, 3)", ex.Message);
        Assert.Throws<NotSupportedException>(() => new Embedding(3, 2, sparse: true));
        Assert.Throws<NotSupportedException>(() => new Embedding(3, 2, loraRank: 4));
    }

    [Fact]
    public void Embedding_MaskZero_MasksPaddingIndices()
    {
        var layer = new Embedding(5, 2, maskZero: true);
        using Tensor x = Ops.FromArray(new float[,] { { 3, 0, 4 } });

        using Tensor? mask = layer.ComputeMask(x, null);

        Assert.Equal([true, false, true], (bool[])Ops.ToArray(mask!));
        Assert.Null(new Embedding(5, 2).ComputeMask(x, null));
    }

    [Fact]
    public void Embedding_Trains_OnlyTheRowsItSees()
    {
        var model = new Sequential([new Input([1]), new Embedding(3, 1, embeddingsInitializer: "zeros"), new Flatten()]);
        model.Compile(optimizer: new Keras.Net.Optimizers.SGD(learningRate: 0.5), loss: "mse");
        using Tensor x = Ops.FromArray(new float[,] { { 1 } });
        using Tensor y = Ops.FromArray(new float[,] { { 1 } });

        model.Fit(x, y, epochs: 1, verbose: 0);

        // d(mse)/dw = 2 * (w - 1) = -2 for row 1; SGD step 0.5 -> w = 1; rows 0 and 2 untouched.
        TensorAssert.Close([0f, 1f, 0f], model.Layers[0].Weights[0].Read());
    }

    [Fact]
    public void Masking_ZeroesAndMasksPaddedSteps()
    {
        var layer = new Masking(maskValue: -1);
        using Tensor x = Ops.FromArray([1f, 2f, -1f, -1f, -1f, 5f], [1, 3, 2]);

        using Tensor y = layer.Apply(x);
        using Tensor? mask = layer.ComputeMask(x, null);

        TensorAssert.Close([1f, 2f, 0f, 0f, -1f, 5f], y);
        Assert.Equal([true, false, true], (bool[])Ops.ToArray(mask!));
    }

    [Fact]
    public void Masking_BeforeLstm_EqualsRunningOnTheUnpaddedSequence()
    {
        var lstm = new LSTM(3);
        var model = new Sequential([new Input([4, 2]), new Masking(), lstm]);
        var plain = new Sequential([new Input([2, 2]), new LSTM(3)]);
        plain.Layers[0].SetWeights(lstm.GetWeights());
        using Tensor padded = Ops.FromArray([0.5f, -1f, 2f, 0.25f, 0f, 0f, 0f, 0f], [1, 4, 2]);
        using Tensor unpadded = Ops.FromArray([0.5f, -1f, 2f, 0.25f], [1, 2, 2]);

        using Tensor a = model.Predict(padded);
        using Tensor b = plain.Predict(unpadded);

        TensorAssert.Close((float[])Ops.ToArray(b), a, 1e-6);
    }

    [Fact]
    public void Configs_RoundTrip_IncludingKeras2InputLength()
    {
        foreach (Layer layer in new Layer[] { new Embedding(10, 4, maskZero: true, inputLength: 7), new Masking(0.5) })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }
}
