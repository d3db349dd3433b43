// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>
/// <c>layer(x, training=False)</c> in a functional graph: keras.io's fine-tuning idiom keeps the base model's
/// BatchNormalization in inference mode even after the base is unfrozen, and every saved format keeps the flag.
/// </summary>
public sealed class TrainingFlagTests : KerasTestBase
{
    [Theory]
    [InlineData(null)]
    [InlineData("h5")]
    [InlineData("keras")]
    [InlineData("tf")]
    public void FineTuning_WithTrainingFalse_LeavesTheBaseMovingStatisticsBitForBit(string? reloadFormat)
    {
        var image = new Input([6, 6, 2]);
        var features = new GlobalAveragePooling2D().Apply(new BatchNormalization(name: "bn").Apply(new Conv2D(3, [3, 3], name: "conv").Apply(image)));
        var baseModel = new Model(image, features, name: "base");

        var inputs = new Input([6, 6, 2]);
        var x = baseModel.Apply(inputs, training: false);
        Model model = new Model(inputs, new Dense(1).Apply(x));
        if (reloadFormat is not null)
        {
            using var dir = new TempDirectory();
            string path = dir.File(reloadFormat switch { "h5" => "m.h5", "keras" => "m.keras", _ => "m" });
            model.Save(path);
            model = Model.Load(path, compile: false);
        }

        Layer bn = ((Model)model.GetLayer("base")).GetLayer("bn");
        float[] mean = bn.Weights.Single(w => w.Name.Contains("moving_mean", StringComparison.Ordinal)).ToArray();
        float[] variance = bn.Weights.Single(w => w.Name.Contains("moving_variance", StringComparison.Ordinal)).ToArray();
        float[] kernel = ((Model)model.GetLayer("base")).GetLayer("conv").Weights[0].ToArray();

        // Unfreeze everything and fine-tune, as keras.io's transfer-learning guide does.
        model.Trainable = true;
        model.Compile(optimizer: new Keras.Net.Optimizers.Adam(0.01), loss: "mse");
        using Tensor data = Ops.Add(Ops.Multiply(Ops.RandomNormal([16, 6, 6, 2], seed: 4), 3), 2);
        using Tensor target = Ops.RandomNormal([16, 1], seed: 5);
        model.Fit(data, target, batchSize: 8, epochs: 2, verbose: 0);

        Assert.Equal(mean, bn.Weights.Single(w => w.Name.Contains("moving_mean", StringComparison.Ordinal)).ToArray());
        Assert.Equal(variance, bn.Weights.Single(w => w.Name.Contains("moving_variance", StringComparison.Ordinal)).ToArray());
        Assert.NotEqual(kernel, ((Model)model.GetLayer("base")).GetLayer("conv").Weights[0].ToArray());
    }

    [Fact]
    public void WithoutTheFlag_TheBaseBatchNormalizationMovesWhenTraining()
    {
        var image = new Input([4]);
        var baseModel = new Model(image, new BatchNormalization(name: "bn").Apply(image), name: "base");
        var inputs = new Input([4]);
        var model = new Model(inputs, new Dense(1).Apply(baseModel.Apply(inputs)));
        Layer bn = baseModel.GetLayer("bn");
        float[] mean = bn.Weights.Single(w => w.Name.Contains("moving_mean", StringComparison.Ordinal)).ToArray();

        model.Compile(optimizer: "sgd", loss: "mse");
        using Tensor data = Ops.Add(Ops.RandomNormal([16, 4], seed: 4), 5);
        using Tensor target = Ops.RandomNormal([16, 1], seed: 5);
        model.Fit(data, target, epochs: 1, verbose: 0);

        Assert.NotEqual(mean, bn.Weights.Single(w => w.Name.Contains("moving_mean", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void TheFlag_IsSavedAsTheCallsKeywordArgument_InBothConfigDialects()
    {
        var inputs = new Input([4]);
        var model = new Model(inputs, new Dropout(0.5, name: "drop").Apply(inputs, training: false));

        string tfKeras = PythonJson.Serialize(model.GetConfig());
        Assert.Contains("[\"input_1\", 0, 0, {\"training\": false}]", tfKeras.Replace("input_", "input_", StringComparison.Ordinal).Replace(model.Inputs[0].SourceLayer!.Name, "input_1", StringComparison.Ordinal), StringComparison.Ordinal);

        var rebuilt = (Model)KerasSerializer.Deserialize<Model>(PythonJson.Parse(PythonJson.Serialize(KerasSerializer.Serialize(model))));
        Assert.False(rebuilt.GetLayer("drop").InboundNodes.Single().Training);
    }
}
