// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.Models;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Saving;

/// <summary>The guide's HDF5 sections, resume exactness, the tf.keras tree, and failure behaviour.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class Hdf5SavingTests : KerasTestBase
{
    [Fact]
    public void GuideWholeModel_SaveLoadPredictAndResumeTraining()
    {
        using var dir = new TempDirectory();
        using Tensor testInput = Ops.RandomUniform([128, 32], seed: 1);
        using Tensor testTarget = Ops.RandomUniform([128, 1], seed: 2);
        Model model = GuideModels.GetModel();
        model.Fit(testInput, testTarget, verbose: 0);

        model.Save(dir.File("my_h5_model.h5"));
        Model reconstructed = Model.Load(dir.File("my_h5_model.h5"));

        using Tensor a = model.Predict(testInput);
        using Tensor b = reconstructed.Predict(testInput);
        TensorAssert.Equal(a, b, atol: 0);
        Assert.True(reconstructed.IsCompiled);
        Assert.IsType<Adam>(reconstructed.Optimizer);
        Assert.Equal(model.Optimizer!.Iterations, reconstructed.Optimizer!.Iterations);
        Assert.Equal(model.Optimizer.Variables.Select(v => v.ToArray()), reconstructed.Optimizer.Variables.Select(v => v.ToArray()));
        reconstructed.Fit(testInput, testTarget, verbose: 0);
        Assert.Equal(8, reconstructed.Optimizer.Iterations);
    }

    [Fact]
    public void Resume_IsExact_TwoEpochsSaveLoadOneMore_EqualsThreeEpochs()
    {
        using var dir = new TempDirectory();
        using Tensor x = Ops.RandomUniform([96, 32], seed: 3);
        using Tensor y = Ops.RandomUniform([96, 1], seed: 4);

        KerasBackend.SetRandomSeed(11);
        Model straight = GuideModels.GetModel();
        straight.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0);

        KerasBackend.SetRandomSeed(11);
        Model first = GuideModels.GetModel();
        first.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0);
        first.Save(dir.File("resume.h5"));
        Model resumed = Model.Load(dir.File("resume.h5"));
        resumed.Fit(x, y, batchSize: 16, epochs: 3, initialEpoch: 2, verbose: 0);

        for (int i = 0; i < straight.Weights.Count; i++)
        {
            float[] s = straight.Weights[i].ToArray(), r = resumed.Weights[i].ToArray();
            Assert.All(s.Zip(r), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-6, $"{p.First} vs {p.Second}"));
        }
    }

    [Fact]
    public void GuideWeights_SaveWeightsLoadWeights()
    {
        using var dir = new TempDirectory();
        var model = new Sequential([new Input([784]), new Dense(64, activation: "relu"), new Dense(10)]);
        model.SaveWeights(dir.File("weights.h5"));
        var other = new Sequential([new Input([784]), new Dense(64, activation: "relu"), new Dense(10)]);

        other.LoadWeights(dir.File("weights.h5")).AssertConsumed();

        Assert.Equal(model.Weights.Select(w => w.ToArray()), other.Weights.Select(w => w.ToArray()));
    }

    [Fact]
    public void GuideTransferLearning_FromHdf5Weights_ExtractLayersIntoSequential()
    {
        using var dir = new TempDirectory();
        Model functional = GuideModels.CreateFunctionalModel();
        functional.SaveWeights(dir.File("pretrained_weights.h5"));

        KerasBackend.ClearSession();
        Model pretrained = GuideModels.CreateFunctionalModel();
        pretrained.LoadWeights(dir.File("pretrained_weights.h5"));
        var extracted = pretrained.Layers.Take(pretrained.Layers.Count - 1).ToList();
        extracted.Add(new Dense(5, name: "dense_3"));
        var model = new Sequential(extracted);

        Assert.Equal(["dense_1", "dense_2", "dense_3"], model.Layers.Select(l => l.Name));
        Assert.Equal(functional.Weights[0].ToArray(), model.Weights[0].ToArray());
        Assert.Contains("Total params: 54,725", model.SummaryText());
    }

    [Fact]
    public void NestedLayers_WeightOrderSurvivesHdf5()
    {
        using var dir = new TempDirectory();
        var inner = new Sequential([new Input([3]), new Dense(2, name: "a"), new Dense(2, name: "b")], name: "inner");
        var input = new Input([3]);
        var outer = new Model(input, new Dense(1, name: "head").Apply(inner.Apply(input)));
        outer.SaveWeights(dir.File("nested.h5"));

        KerasBackend.ClearSession();
        var inner2 = new Sequential([new Input([3]), new Dense(2, name: "a"), new Dense(2, name: "b")], name: "inner");
        var input2 = new Input([3]);
        var outer2 = new Model(input2, new Dense(1, name: "head").Apply(inner2.Apply(input2)));
        outer2.LoadWeights(dir.File("nested.h5"));

        Assert.Equal(outer.Weights.Select(w => w.ToArray()), outer2.Weights.Select(w => w.ToArray()));
        using var h5 = H5File.OpenRead(dir.File("nested.h5"));
        Assert.Equal(["a/kernel:0", "a/bias:0", "b/kernel:0", "b/bias:0"], h5.Group("inner").Attribute("weight_names").Read<string[]>());
    }

    [Fact]
    public void WholeModelFile_HasTheTfKerasTree()
    {
        using var dir = new TempDirectory();
        var model = new Sequential([new Input([4]), new Dense(3, name: "dense"), new Dropout(0.5, name: "dropout"), new Dense(2, name: "dense_1")]);
        model.Compile(optimizer: "adam", loss: "mse", metrics: ["mae"]);
        using (Tensor x = Ops.Ones([4, 4]))
        using (Tensor y = Ops.Ones([4, 2]))
        {
            model.Fit(x, y, verbose: 0);
        }

        model.Save(dir.File("m.h5"));

        using var h5 = H5File.OpenRead(dir.File("m.h5"));
        Assert.Equal("2.12.0", h5.Attribute("keras_version").Read<string>());
        Assert.Equal("tensorflow", h5.Attribute("backend").Read<string>());
        Assert.StartsWith("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": [{\"class_name\": \"InputLayer\"", h5.Attribute("model_config").Read<string>(), StringComparison.Ordinal);
        Assert.StartsWith("{\"loss\": \"mse\", \"metrics\": [\"mae\"], \"weighted_metrics\": null, \"loss_weights\": null, \"optimizer_config\": {\"class_name\": \"Adam\"", h5.Attribute("training_config").Read<string>(), StringComparison.Ordinal);
        IH5Group weights = h5.Group("model_weights");
        Assert.Equal(["dense", "dropout", "dense_1"], weights.Attribute("layer_names").Read<string[]>());
        Assert.Equal(["dense/kernel:0", "dense/bias:0"], weights.Group("dense").Attribute("weight_names").Read<string[]>());
        Assert.Equal(H5DataTypeClass.FloatingPoint, weights.Group("dropout").Attribute("weight_names").Type.Class);
        Assert.Equal([4UL, 3UL], weights.Dataset("dense/dense/kernel:0").Space.Dimensions);
        Assert.True(weights.LinkExists("top_level_model_weights"));
        IH5Group opt = h5.Group("optimizer_weights");
        Assert.Equal(["iteration:0", "Adam/m/dense/kernel:0", "Adam/v/dense/kernel:0", "Adam/m/dense/bias:0", "Adam/v/dense/bias:0", "Adam/m/dense_1/kernel:0", "Adam/v/dense_1/kernel:0", "Adam/m/dense_1/bias:0", "Adam/v/dense_1/bias:0"], opt.Attribute("weight_names").Read<string[]>());
        Assert.Empty(opt.Dataset("iteration:0").Space.Dimensions);
        Assert.Equal(1L, opt.Dataset("iteration:0").Read<long>());
    }

    [Fact]
    public void FailedSave_LeavesThePreviousFileIntact()
    {
        using var dir = new TempDirectory();
        string path = dir.File("keep.h5");
        GuideModels.GetModel().Save(path);
        byte[] before = File.ReadAllBytes(path);

        var bad = new Sequential([new Input([2]), new DuplicateNames()]);
        Assert.Throws<InvalidOperationException>(() => bad.Save(path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    private sealed class DuplicateNames : Layer
    {
        protected override void Build(Shape inputShape)
        {
            AddWeight("w", Shape.Of(1));
            AddWeight("w", Shape.Of(1));
        }

        protected override Tensor Call(Tensor inputs, bool training) => Ops.Alias(inputs);

        public override Shape ComputeOutputShape(Shape inputShape) => inputShape;
    }

    [Fact]
    public void CorruptAndTruncatedFiles_FailWithKerasFormatExceptionNamingTheFile()
    {
        using var dir = new TempDirectory();
        string good = dir.File("good.h5");
        GuideModels.GetModel().Save(good);
        byte[] bytes = File.ReadAllBytes(good);
        string truncated = dir.File("truncated.h5");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        string garbage = dir.File("garbage.h5");
        File.WriteAllBytes(garbage, [.. bytes[..8], .. Enumerable.Repeat((byte)0xAB, 4096)]);
        string text = dir.File("text.h5");
        File.WriteAllText(text, "not a model");

        foreach (string f in new[] { truncated, garbage, text })
        {
            var ex = Assert.Throws<KerasFormatException>(() => Model.Load(f));
            Assert.Contains(f, ex.Message);
        }
    }

    [Fact]
    public void LoadWeights_Mismatches_NameLayerWeightAndShapes_AndChangeNothing()
    {
        using var dir = new TempDirectory();
        var small = new Sequential([new Input([4]), new Dense(3, name: "d1"), new Dense(2, name: "d2")]);
        small.SaveWeights(dir.File("small.h5"));
        var other = new Sequential([new Input([4]), new Dense(3, name: "d1"), new Dense(5, name: "d2")]);
        float[] before = other.Weights[0].ToArray();

        var ex = Assert.Throws<KerasFormatException>(() => other.LoadWeights(dir.File("small.h5")));
        Assert.Contains("d2/kernel:0", ex.Message);
        Assert.Contains("(3, 5)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
        Assert.Equal(before, other.Weights[0].ToArray());

        var status = other.LoadWeights(dir.File("small.h5"), byName: true, skipMismatch: true);
        Assert.Equal(small.Weights[0].ToArray(), other.Weights[0].ToArray());
        Assert.Contains("d2/kernel:0", status.UnmatchedVariables);
        Assert.Throws<InvalidOperationException>(() => status.AssertExistingObjectsMatched());
        Assert.Throws<ArgumentException>(() => other.LoadWeights(dir.File("small.h5"), skipMismatch: true));
    }

    [Fact]
    public void CatalogueLayers_SurviveAnH5RoundTrip_WithIdenticalPredictions()
    {
        using var dir = new TempDirectory();
        var model = new Sequential([
            new Input([6]), new Embedding(10, 4, maskZero: true), new Conv1D(3, [2], padding: "same"),
            new Bidirectional(new LSTM(2, returnSequences: true)), new GlobalAveragePooling1D(), new BatchNormalization(),
            new Dense(1),
        ]);
        model.Compile(optimizer: "adam", loss: "mse");
        using Tensor x = Ops.FromArray(new float[,] { { 1, 2, 3, 0, 0, 0 }, { 4, 5, 6, 7, 8, 9 } });
        using Tensor y = Ops.FromArray(new float[,] { { 1 }, { 0 } });
        model.Fit(x, y, epochs: 2, verbose: 0);
        using Tensor before = model.Predict(x);

        model.Save(dir.File("catalogue.h5"));
        Model loaded = Model.Load(dir.File("catalogue.h5"));
        using Tensor after = loaded.Predict(x);

        TensorAssert.Close((float[])Ops.ToArray(before), after, 1e-6);
        Assert.Equal(model.Weights.Select(w => w.Name), loaded.Weights.Select(w => w.Name));
    }

    [Fact]
    public void AdaptedNormalization_SurvivesAnH5RoundTrip()
    {
        using var dir = new TempDirectory();
        var norm = new Normalization();
        using Tensor data = Ops.FromArray(new float[,] { { 1, 10 }, { 3, 30 }, { 5, 20 } });
        norm.Adapt(data);
        var model = new Sequential([new Input([2]), norm, new Dense(1, kernelInitializer: "ones")]);
        using Tensor before = model.Predict(data);

        model.Save(dir.File("norm.h5"));
        Model loaded = Model.Load(dir.File("norm.h5"));
        using Tensor after = loaded.Predict(data);

        TensorAssert.Close((float[])Ops.ToArray(before), after, 1e-6);
        var restored = Assert.IsType<Normalization>(loaded.Layers[0]);
        Assert.Equal(3L, Convert.ToInt64(Ops.ToScalar(restored.Count!.Read())));
    }

    [Fact]
    public void FunctionalModelOfCatalogueLayers_Summarizes_Trains_AndSurvivesH5()
    {
        using var dir = new TempDirectory();
        var inputs = new Input([8, 4]);
        KerasTensor x = new Conv1D(6, [3], padding: "same", activation: "relu").Apply(inputs);
        x = new Bidirectional(new GRU(3, returnSequences: true)).Apply(x);
        x = new MultiHeadAttention(2, 4).Apply([x, x]);
        x = new LayerNormalization().Apply(x);
        x = new GlobalAveragePooling1D().Apply(x);
        KerasTensor outputs = new Dense(1).Apply(x);
        var model = new Model(inputs, outputs);
        model.Compile(optimizer: "adam", loss: "mse");
        using Tensor data = Ops.RandomNormal([16, 8, 4], seed: 3);
        using Tensor target = Ops.RandomNormal([16, 1], seed: 4);

        History history = model.Fit(data, target, epochs: 3, verbose: 0);
        string summary = model.SummaryText();
        using Tensor before = model.Predict(data);
        model.Save(dir.File("catalogue_functional.h5"));
        Model loaded = Model.Load(dir.File("catalogue_functional.h5"));
        using Tensor after = loaded.Predict(data);

        Assert.True(history["loss"][2] < history["loss"][0]);
        Assert.Contains($"Total params: {model.CountParams():N0}", summary);
        Assert.Contains("(None, 8, 6)", summary);
        TensorAssert.Close((float[])Ops.ToArray(before), after, 1e-5);
    }

    [Fact]
    public void UnknownSaveFormat_SaysWhichAreKnown()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<ArgumentException>(() => GuideModels.GetModel().Save(dir.File("model"), saveFormat: "onnx"));
        Assert.Contains("\"h5\", \"tf\" or \"keras\"", ex.Message);
    }

    [Fact]
    public void OverwriteFalse_RefusesAnExistingFile()
    {
        using var dir = new TempDirectory();
        Model model = GuideModels.GetModel();
        model.Save(dir.File("m.h5"));

        Assert.Throws<IOException>(() => model.Save(dir.File("m.h5"), overwrite: false));
    }
}
