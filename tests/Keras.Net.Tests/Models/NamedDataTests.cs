// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Losses;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>The functional API guide's ticket classifier, written with dictionaries end to end.</summary>
public sealed class NamedDataTests : KerasTestBase
{
    private const int Words = 50, Tags = 6, Departments = 4, Samples = 32;

    private static Model TicketClassifier()
    {
        var title = new Input([null], name: "title", dtype: "int64");
        var body = new Input([null], name: "body", dtype: "int64");
        var tags = new Input([Tags], name: "tags");
        var titleFeatures = new LSTM(8).Apply(new Embedding(Words, 8).Apply(title));
        var bodyFeatures = new LSTM(4).Apply(new Embedding(Words, 8).Apply(body));
        var x = new Concatenate().Apply([titleFeatures, bodyFeatures, tags]);
        var priority = new Dense(1, name: "priority").Apply(x);
        var department = new Dense(Departments, name: "department").Apply(x);
        return new Model([title, body, tags], [priority, department]);
    }

    private static Dictionary<string, Tensor> Inputs(int seed) => new()
    {
        ["title"] = Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform([Samples, 6], seed: seed), Words), 0, Words - 1), Keras.Net.Backend.DType.Int64),
        ["body"] = Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform([Samples, 10], seed: seed + 1), Words), 0, Words - 1), Keras.Net.Backend.DType.Int64),
        ["tags"] = Ops.Cast(Ops.Greater(Ops.RandomUniform([Samples, Tags], seed: seed + 2), 0.5), Keras.Net.Backend.DType.Float32),
    };

    [Fact]
    public void TicketClassifier_CompilesFitsEvaluatesAndPredictsWithDictionaries_AndEveryFormatKeepsIt()
    {
        Model model = TicketClassifier();
        model.Compile(
            optimizer: new RMSprop(1e-3),
            loss: new Dictionary<string, object> { ["priority"] = new BinaryCrossentropy(fromLogits: true), ["department"] = new CategoricalCrossentropy(fromLogits: true) },
            lossWeights: new Dictionary<string, double> { ["priority"] = 1.0, ["department"] = 0.2 },
            metrics: new Dictionary<string, object> { ["department"] = new object[] { "accuracy" } });
        Dictionary<string, Tensor> x = Inputs(1);
        var y = new Dictionary<string, Tensor>
        {
            ["priority"] = Ops.RandomUniform([Samples, 1], seed: 7),
            ["department"] = Ops.OneHot(Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform([Samples], seed: 8), Departments), 0, Departments - 1), Keras.Net.Backend.DType.Int64), Departments, 1, 0, Keras.Net.Backend.DType.Float32),
        };

        var history = model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        IReadOnlyDictionary<string, double> scores = model.Evaluate(x, y, verbose: 0);
        IReadOnlyDictionary<string, Tensor> predicted = model.Predict(x);

        Assert.Equal(["department", "priority"], predicted.Keys.Order());
        Assert.Equal(new long[] { Samples, Departments }, Ops.ShapeOf(predicted["department"]).ToArray());
        Assert.Contains("department_accuracy", history.Values.Keys);

        // The total is the weighted sum of the per-output losses (weights 1.0 and 0.2).
        Assert.Equal(scores["priority_loss"] + (0.2 * scores["department_loss"]), scores["loss"], 4);

        foreach (string file in new[] { "m.h5", "m.keras", "m" })
        {
            using var dir = new TempDirectory();
            model.Save(dir.File(file));
            Model loaded = Model.Load(dir.File(file));
            IReadOnlyDictionary<string, Tensor> again = loaded.Predict(x);
            Assert.Equal(predicted.Keys.Order(), again.Keys.Order());
            foreach (var (name, tensor) in predicted)
            {
                TensorAssert.Equal(tensor, again[name], atol: 1e-5);
            }
        }
    }

    [Fact]
    public void ModelBuiltOnDictionaries_UsesItsKeys_InTrainingPredictionAndEveryFormat()
    {
        var title = new Input([null], name: "title", dtype: "int64");
        var tags = new Input([Tags], name: "tags");
        var x = new Concatenate().Apply([new LSTM(4).Apply(new Embedding(Words, 4).Apply(title)), tags]);
        var model = new Model(
            new Dictionary<string, KerasTensor> { ["headline"] = title, ["labels"] = tags },
            new Dictionary<string, KerasTensor> { ["urgent"] = new Dense(1, name: "priority").Apply(x), ["team"] = new Dense(Departments, name: "department").Apply(x) });
        model.Compile(optimizer: "adam", loss: new Dictionary<string, object> { ["urgent"] = "mse", ["team"] = "mse" });
        Dictionary<string, Tensor> all = Inputs(3);
        var data = new Dictionary<string, Tensor> { ["headline"] = all["title"], ["labels"] = all["tags"] };
        var targets = new Dictionary<string, Tensor> { ["urgent"] = Ops.Zeros([Samples, 1]), ["team"] = Ops.Zeros([Samples, Departments]) };

        var history = model.Fit(data, targets, batchSize: 8, epochs: 1, verbose: 0);
        IReadOnlyDictionary<string, Tensor> predicted = model.Predict(data);

        Assert.Contains("urgent_loss", history.Values.Keys);
        Assert.Equal(["team", "urgent"], predicted.Keys.Order());
        Assert.Contains("\"output_layers\": {\"urgent\": [\"priority\", 0, 0]", model.ToJson(), StringComparison.Ordinal);
        foreach (string file in new[] { "m.h5", "m.keras", "m" })
        {
            using var dir = new TempDirectory();
            model.Save(dir.File(file));
            Model loaded = Model.Load(dir.File(file));
            IReadOnlyDictionary<string, Tensor> again = loaded.Predict(data);
            Assert.Equal(["team", "urgent"], again.Keys.Order());
            TensorAssert.Equal(predicted["urgent"], again["urgent"], atol: 1e-5);
            TensorAssert.Equal(predicted["team"], again["team"], atol: 1e-5);
        }

        using var folder = new TempDirectory();
        model.Save(folder.File("served"));
        using var graph = Keras.Net.Saving.SavedModels.SavedModel.Load(folder.File("served"));
        Assert.Equal(["headline", "labels"], graph.Signatures["serving_default"].Inputs.Select(i => i.Name));
        Assert.Equal(["team", "urgent"], graph.Signatures["serving_default"].Outputs.Select(o => o.Name));
    }

    [Fact]
    public void ATrainingConfigKeyedByOutputName_AsTfKerasSavesIt_Compiles()
    {
        Model model = TicketClassifier();
        var config = (System.Text.Json.Nodes.JsonObject)Keras.Net.Serialization.PythonJson.Parse("""
            {"optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}},
             "loss": {"priority": "mean_squared_error", "department": "categorical_crossentropy"},
             "loss_weights": {"priority": 1.0, "department": 0.2},
             "metrics": {"department": ["accuracy"]}}
            """);

        Keras.Net.Saving.Hdf5.TrainingConfig.Apply(model, config, new Keras.Net.Serialization.DeserializationContext(null, "training_config"), "training_config");

        Assert.IsType<MeanSquaredError>(model.CompiledLosses[0]);
        Assert.IsType<CategoricalCrossentropy>(model.CompiledLosses[1]);
        Dictionary<string, Tensor> x = Inputs(2);
        var y = new Dictionary<string, Tensor>
        {
            ["priority"] = Ops.Zeros([Samples, 1]),
            ["department"] = Ops.OneHot(Ops.Zeros([Samples], Keras.Net.Backend.DType.Int64), Departments, 1, 0, Keras.Net.Backend.DType.Float32),
        };
        IReadOnlyDictionary<string, double> scores = model.Evaluate(x, y, verbose: 0);
        Assert.Equal(scores["priority_loss"] + (0.2 * scores["department_loss"]), scores["loss"], 4);
        Assert.Contains("department_accuracy", scores.Keys);
    }

    [Fact]
    public void WrongNames_AreRefusedWithTheExpectedKeys()
    {
        Model model = TicketClassifier();
        var e = Assert.Throws<ArgumentException>(() => model.Compile(optimizer: "adam", loss: new Dictionary<string, object> { ["priorty"] = "mse" }));
        Assert.Contains("\"priorty\" does not name an output", e.Message, StringComparison.Ordinal);
        Assert.Contains("priority, department", e.Message, StringComparison.Ordinal);

        model.Compile(optimizer: "adam", loss: new Dictionary<string, object> { ["priority"] = "mse" });
        Dictionary<string, Tensor> x = Inputs(1);
        x.Remove("body");
        var missing = Assert.Throws<ArgumentException>(() => model.Predict(x));
        Assert.Contains("Missing data for input \"body\"", missing.Message, StringComparison.Ordinal);
    }
}
