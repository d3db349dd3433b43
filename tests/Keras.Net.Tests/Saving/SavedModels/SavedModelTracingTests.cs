// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>
/// The default save of keras.io-style models (text CNN, BiLSTM classifier, Transformer block, fine-tuned CNN), the
/// While/TensorList structure of a traced LSTM, recurrent options through the loop, and save errors that name the
/// layer that actually computed outside Ops.
/// </summary>
public sealed class SavedModelTracingTests : KerasTestBase
{
    [Fact]
    public void TextCnn_EmbeddingConv1DGlobalMaxPooling_SavesByDefaultAndRoundTrips()
    {
        var inputs = new Input([12], dtype: "int64", name: "tokens");
        var x = new Embedding(40, 8).Apply(inputs);
        x = new Conv1D(6, [3], activation: "relu").Apply(x);
        x = new GlobalMaxPooling1D().Apply(x);
        var model = new Model(inputs, new Dense(3, activation: "softmax").Apply(x));

        RoundTrip(model, Tokens([4, 12], 40));
    }

    [Fact]
    public void BidirectionalLstmClassifier_WithMasking_SavesByDefaultAndRoundTrips()
    {
        var inputs = new Input([9], dtype: "int64", name: "tokens");
        var x = new Embedding(30, 6, maskZero: true).Apply(inputs);
        x = new Bidirectional(new LSTM(5, returnSequences: true)).Apply(x);
        x = new Bidirectional(new GRU(4)).Apply(x);
        var model = new Model(inputs, new Dense(2, activation: "softmax").Apply(x));

        // Trailing zeros are padding: the masked steps must keep the states in the graph as in Predict.
        using Tensor tokens = Ops.FromArray(new long[] { 3, 5, 7, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 0, 0, 0, 0, 0, 0, 0 }, [3, 9]);
        RoundTrip(model, tokens);
    }

    [Fact]
    public void TransformerClassifier_WithARegisteredCustomBlock_SavesByDefaultAndRoundTrips()
    {
        var inputs = new Input([7], dtype: "int64", name: "tokens");
        var x = new Embedding(25, 8).Apply(inputs);
        x = new TransformerBlock(8, 2, 16).Apply(x);
        x = new GlobalAveragePooling1D().Apply(x);
        var model = new Model(inputs, new Dense(2, activation: "softmax").Apply(x));

        Model loaded = RoundTrip(model, Tokens([3, 7], 25));
        Assert.Contains(loaded.Layers, l => l is TransformerBlock);
    }

    [Fact]
    public void FineTunedCnn_WithBatchNormalizationAndReLULayers_SavesByDefaultAndRoundTrips()
    {
        var inputs = new Input([10, 10, 3], name: "image");
        var x = new Conv2D(4, [3, 3], padding: "same").Apply(inputs);
        x = new BatchNormalization().Apply(x);
        x = new ReLU().Apply(x);
        x = new DepthwiseConv2D([3, 3]).Apply(x);
        x = new ReLU(maxValue: 6).Apply(x);
        x = new GlobalAveragePooling2D().Apply(x);
        var model = new Model(inputs, new Dense(2).Apply(new Dropout(0.2).Apply(x)));
        model.Compile(optimizer: "adam", loss: "mse");
        using Tensor images = Ops.RandomNormal([8, 10, 10, 3], seed: 5);
        using Tensor targets = Ops.RandomNormal([8, 2], seed: 6);
        model.Fit(images, targets, epochs: 2, verbose: 0);

        RoundTrip(model, images);
    }

    [Theory]
    [InlineData("lstm_backwards_state")]
    [InlineData("gru_reset_before_sequences")]
    [InlineData("simple_rnn_masked_zero_output")]
    [InlineData("time_distributed_over_lstm")]
    public void RecurrentOptions_RunTheSameThroughTheSavedLoop(string variant)
    {
        var inputs = new Input([6, 3], name: "steps");
        IReadOnlyList<KerasTensor> outputs = variant switch
        {
            "lstm_backwards_state" => new LSTM(4, goBackwards: true, returnState: true).ApplyMulti([inputs]),
            "gru_reset_before_sequences" => [new GRU(4, resetAfter: false, returnSequences: true).Apply(inputs)],
            "simple_rnn_masked_zero_output" => [new SimpleRNN(4, returnSequences: true, zeroOutputForMask: true).Apply(new Masking(0.0).Apply(inputs))],
            _ => [new LSTM(2).Apply(new TimeDistributed(new Dense(5)).Apply(inputs))],
        };
        var model = new Model([inputs], outputs);
        using Tensor x = Ops.RandomNormal([3, 6, 3], seed: 2);
        if (variant.Contains("masked", StringComparison.Ordinal))
        {
            // Sample 0's last three steps are all zeros, so they are masked.
            using Tensor keep = Ops.FromArray([1f, 1f, 1f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], [3, 6, 1]);
            using Tensor masked = Ops.Multiply(x, keep);
            RoundTrip(model, masked);
            return;
        }

        RoundTrip(model, x);
    }

    [Fact]
    public void TracedLstm_IsAWhileLoopOverTensorLists_AsFormats45Observes()
    {
        var inputs = new Input([5, 3]);
        var model = new Model(inputs, new Dense(1).Apply(new LSTM(4).Apply(inputs)));
        using var dir = new TempDirectory();
        string folder = dir.File("lstm");
        model.Save(folder);

        var saved = Keras.Net.Protos.SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "saved_model.pb")));
        var library = saved.MetaGraphs[0].GraphDef.Library.Function;
        var ops = library.SelectMany(f => f.NodeDef).Select(n => n.Op).ToHashSet(StringComparer.Ordinal);

        // formats.md 4.5's observed op list for LSTM/GRU bodies.
        Assert.True(new[] { "Shape", "StridedSlice", "Transpose", "Split", "Fill", "StatelessWhile", "TensorListReserve", "TensorListFromTensor", "TensorListStack" }.All(ops.Contains), string.Join(", ", ops.Order(StringComparer.Ordinal)));
        Assert.Superset(new HashSet<string> { "Shape", "StridedSlice", "Transpose", "Split", "Fill", "StatelessWhile", "TensorListReserve", "TensorListFromTensor", "TensorListStack" }, ops);
        Keras.Net.Protos.FunctionDef body = library.Single(f => f.Signature.Name.StartsWith("while_body", StringComparison.Ordinal));
        Assert.Contains(body.NodeDef, n => n.Op == "TensorListGetItem");
        Assert.Contains(body.NodeDef, n => n.Op == "TensorListSetItem" || n.Op == "MatMul");
        Assert.DoesNotContain(body.NodeDef, n => n.Op == "ReadVariableOp");

        // One copy of the step, not one per time step: the body has a single recurrent MatMul chain.
        Assert.Equal(2, body.NodeDef.Count(n => n.Op == "MatMul"));
    }

    [Fact]
    public void RevivedLstm_TrainsThroughTheInterpretedLoop()
    {
        var inputs = new Input([4, 2], name: "seq");
        var model = new Model(inputs, new Dense(1).Apply(new LSTM(3).Apply(inputs)));
        using var dir = new TempDirectory();
        string folder = dir.File("m");
        model.Save(folder);
        File.WriteAllBytes(Path.Combine(folder, "keras_metadata.pb"), HideLstm(Path.Combine(folder, "keras_metadata.pb")));

        using Model revived = Model.Load(folder, compile: false);
        revived.Compile(optimizer: new Keras.Net.Optimizers.Adam(0.05), loss: "mse");
        using Tensor x = Ops.RandomNormal([16, 4, 2], seed: 3);
        using Tensor y = Ops.Sum(x, [1, 2]);
        using Tensor target = Ops.Reshape(y, [16, 1]);
        var history = revived.Fit(x, target, epochs: 8, verbose: 0);

        Assert.True(history["loss"][^1] < history["loss"][0] * 0.9, $"the revived LSTM trains: {string.Join(", ", history["loss"])}");
    }

    [Fact]
    public void RevivedModel_ComesBackCompiledFromItsTrainingConfig()
    {
        var inputs = new Input([4, 2], name: "seq");
        var model = new Model(inputs, new Dense(1).Apply(new LSTM(3).Apply(inputs)));
        model.Compile(optimizer: new Keras.Net.Optimizers.RMSprop(0.01), loss: "mse");
        using Tensor x = Ops.RandomNormal([16, 4, 2], seed: 3);
        using Tensor y = Ops.Reshape(Ops.Sum(x, [1, 2]), [16, 1]);
        model.Fit(x, y, epochs: 1, verbose: 0);
        using var dir = new TempDirectory();
        string folder = dir.File("m");
        model.Save(folder);
        File.WriteAllBytes(Path.Combine(folder, "keras_metadata.pb"), HideLstm(Path.Combine(folder, "keras_metadata.pb")));

        using Model revived = Model.Load(folder);

        Assert.True(revived.IsCompiled);
        Assert.IsType<Keras.Net.Optimizers.RMSprop>(revived.Optimizer);
        var history = revived.Fit(x, y, epochs: 6, verbose: 0);
        Assert.True(history["loss"][^1] < history["loss"][0], "the revived model trains without a new Compile");
    }

    [Fact]
    public void CustomLayerAddingWithTorchSharp_IsBlamedItself_NotTheDenseInsideIt()
    {
        var inputs = new Input([4]);
        var model = new Model(inputs, new Dense(1).Apply(new TorchResidual(name: "residual").Apply(inputs)));
        using var dir = new TempDirectory();

        var e = Assert.Throws<NotSupportedException>(() => model.Save(dir.File("m")));
        Assert.Contains("Layer \"residual\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"dense", e.Message, StringComparison.Ordinal);
        Assert.Contains("saveTraces: false", e.Message, StringComparison.Ordinal);
        Assert.Contains("Ops.Add", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomLayerFeedingATorchSharpTensorToItsDense_IsBlamed_NotTheDense()
    {
        var inputs = new Input([4]);
        var model = new Model(inputs, new TorchThenDense(name: "scaler").Apply(inputs));
        using var dir = new TempDirectory();

        var e = Assert.Throws<NotSupportedException>(() => model.Save(dir.File("m")));
        Assert.Contains("Layer \"scaler\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormerlyMisattributedModels_NowSave_EmbeddingPoolingAndConvReLU()
    {
        var tokens = new Input([6], dtype: "int64");
        var pooled = new GlobalMaxPooling1D().Apply(new Embedding(10, 4).Apply(tokens));
        RoundTrip(new Model(tokens, new Dense(2).Apply(pooled)), Tokens([2, 6], 10));

        var image = new Input([6, 6, 2]);
        var relu = new ReLU().Apply(new Conv2D(3, [3, 3]).Apply(image));
        using Tensor x = Ops.RandomNormal([2, 6, 6, 2], seed: 4);
        RoundTrip(new Model(image, new Flatten().Apply(new ReLU(negativeSlope: 0.1, threshold: 0.2).Apply(new Conv2D(2, [2, 2]).Apply(relu)))), x);
    }

    /// <summary>Saves by default; the graph (SavedModel.Load) and Model.Load both predict what the model predicts.</summary>
    private static Model RoundTrip(Model model, Tensor x)
    {
        using var dir = new TempDirectory();
        string folder = dir.File("model");
        IReadOnlyList<Tensor> expected = model.Predict([x]);
        model.Save(folder);

        using (var graph = SavedModel.Load(folder))
        {
            SavedModelSignature serving = graph.Signatures["serving_default"];
            IReadOnlyDictionary<string, Tensor> results = serving.Call(new Dictionary<string, Tensor> { [serving.Inputs[0].Name] = x });
            // Keras's output names: a layer's second and third outputs are "<layer>_1", "<layer>_2".
            var keys = model.Outputs.Select((o, i) => model.Outputs.Take(i).Count(p => p.SourceLayer == o.SourceLayer) is int n and > 0 ? $"{o.SourceLayer!.Name}_{n}" : o.SourceLayer!.Name).ToList();
            for (int i = 0; i < expected.Count; i++)
            {
                Tensor actual = results.Count == 1 ? results.Values.Single() : results[keys[i]];
                TensorAssert.Equal(expected[i], actual, atol: 1e-5);
            }
        }

        Model loaded = Model.Load(folder);
        IReadOnlyList<Tensor> again = loaded.Predict([x]);
        for (int i = 0; i < expected.Count; i++)
        {
            TensorAssert.Equal(expected[i], again[i], atol: 1e-5);
        }

        return loaded;
    }

    private static Tensor Tokens(long[] shape, int vocabulary) =>
        Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform(shape, seed: 17), vocabulary), 0, vocabulary - 1), Keras.Net.Backend.DType.Int64);

    private static byte[] HideLstm(string file)
    {
        var metadata = Keras.Net.Protos.KerasMetadata.SavedMetadata.Parser.ParseFrom(File.ReadAllBytes(file));
        foreach (var node in metadata.Nodes)
        {
            node.Metadata = node.Metadata.Replace("\"class_name\": \"LSTM\"", "\"class_name\": \"MyLSTM\"", StringComparison.Ordinal);
        }

        return Google.Protobuf.MessageExtensions.ToByteArray(metadata);
    }

    /// <summary>keras.io's TransformerBlock: self-attention and a feed-forward network, each with a residual and LayerNormalization.</summary>
    [RegisterKerasSerializable(Package = "KerasIo")]
    public sealed class TransformerBlock : Layer
    {
        private readonly MultiHeadAttention _attention;
        private readonly Dense _hidden;
        private readonly Dense _back;
        private readonly LayerNormalization _norm1;
        private readonly LayerNormalization _norm2;

        public TransformerBlock(int embedDim, int numHeads, int ffDim, string? name = null, bool trainable = true, string? dtype = null)
            : base(name)
        {
            EmbedDim = embedDim;
            NumHeads = numHeads;
            FfDim = ffDim;
            _attention = new MultiHeadAttention(numHeads, embedDim);
            _hidden = new Dense(ffDim, activation: "relu");
            _back = new Dense(embedDim);
            _norm1 = new LayerNormalization(epsilon: 1e-6);
            _norm2 = new LayerNormalization(epsilon: 1e-6);
        }

        public int EmbedDim { get; }

        public int NumHeads { get; }

        public int FfDim { get; }

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using TensorScope scope = Ops.NewScope();
            Tensor attended = _attention.Apply([inputs, inputs], training);
            Tensor out1 = _norm1.Apply(Ops.Add(inputs, attended), training);
            Tensor ffn = _back.Apply(_hidden.Apply(out1, training), training);
            return scope.Keep(_norm2.Apply(Ops.Add(out1, ffn), training));
        }

        public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

        public override JsonObject GetConfig()
        {
            JsonObject config = base.GetConfig();
            config["embed_dim"] = EmbedDim;
            config["num_heads"] = NumHeads;
            config["ff_dim"] = FfDim;
            return config;
        }
    }

    /// <summary>x + dense(x) with TorchSharp's + (not Ops.Add).</summary>
    private sealed class TorchResidual(string? name = null) : Layer(name)
    {
        private readonly Dense _dense = new(4);

        protected override Tensor Call(Tensor inputs, bool training) => inputs + _dense.Apply(inputs, training);
    }

    /// <summary>dense(x * 3) with the product made by TorchSharp.</summary>
    private sealed class TorchThenDense(string? name = null) : Layer(name)
    {
        private readonly Dense _dense = new(2);

        protected override Tensor Call(Tensor inputs, bool training) => _dense.Apply(inputs * 3, training);
    }
}
