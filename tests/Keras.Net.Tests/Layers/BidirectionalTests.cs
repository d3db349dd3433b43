// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;
using Constant = Keras.Net.Initializers.Constant;

namespace Keras.Net.Tests.Layers;

/// <summary>Bidirectional against both recurrences evaluated by hand.</summary>
public sealed class BidirectionalTests : KerasTestBase
{
    // Linear SimpleRNN, kernel 1, recurrent 0.5, no bias, on x = 1, 2, 3:
    // forwards h = 1, 2.5, 4.25; backwards (reading 3, 2, 1) h = 3, 3.5, 2.75.
    private static SimpleRNN Rnn(bool sequences) => new(1, activation: "linear", returnSequences: sequences, kernelInitializer: "ones", recurrentInitializer: new Constant(0.5), useBias: false);

    private static Tensor Sequence() => Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

    [Fact]
    public void Concat_LastOutputs_ForwardThenBackward()
    {
        var bi = new Bidirectional(Rnn(false));
        using Tensor x = Sequence();

        using Tensor y = bi.Apply(x);

        TensorAssert.Close([4.25f, 2.75f], y);
        Assert.Equal(new Shape([null, 2]), bi.ComputeOutputShape(new Shape([null, 3, 1])));
    }

    [Fact]
    public void Sequences_PutTheBackwardOutputBackInTimeOrder()
    {
        using Tensor x = Sequence();

        using Tensor concat = new Bidirectional(Rnn(true)).Apply(x);
        using Tensor sum = new Bidirectional(Rnn(true), mergeMode: "sum").Apply(x);
        IReadOnlyList<Tensor> separate = new Bidirectional(Rnn(true), mergeMode: null).ApplyMulti([x]);

        TensorAssert.Close([1f, 2.75f, 2.5f, 3.5f, 4.25f, 3f], concat);
        TensorAssert.Close([3.75f, 6f, 7.25f], sum);
        Assert.Equal(2, separate.Count);
        TensorAssert.Close([2.75f, 3.5f, 3f], separate[1]);
    }

    [Fact]
    public void Weights_AreForwardThenBackward_WithTfKerasNames()
    {
        var bi = new Bidirectional(new LSTM(2), name: "bidirectional");
        bi.EnsureBuilt(new Shape([null, 3, 4]));

        Assert.Equal(6, bi.Weights.Count);
        Assert.Equal("bidirectional/forward_lstm/lstm_cell/kernel:0", bi.Weights[0].Name);
        Assert.Equal("bidirectional/backward_lstm/lstm_cell/bias:0", bi.Weights[5].Name);
        Assert.True(bi.BackwardLayer.GoBackwards);
        Assert.False(bi.ForwardLayer.GoBackwards);
    }

    [Fact]
    public void RejectsNonRecurrentLayers_AndUnknownMergeModes()
    {
        Assert.Throws<ArgumentException>(() => new Bidirectional(new Dense(2)));
        Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), mergeMode: "max"));
    }

    [Fact]
    public void Config_WritesTheWrappedLayer_AndRoundTrips()
    {
        var bi = new Bidirectional(new LSTM(3, name: "lstm"), mergeMode: "ave");

        string json = PythonJson.Serialize(KerasSerializer.Serialize(bi));
        var back = Assert.IsType<Bidirectional>(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)));

        Assert.Contains("\"layer\": {\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\"", json);
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(back)));
        Assert.Equal("forward_lstm", back.ForwardLayer.Name);
    }
}
