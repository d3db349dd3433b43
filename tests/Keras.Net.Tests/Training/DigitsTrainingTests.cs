// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Samples.Data;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Training;

[Collection(TorchGlobalRandomCollection.Name)]
public sealed class DigitsTrainingTests : KerasTestBase
{
    private static Model DigitsMlp()
    {
        var inputs = new Input([64], name: "pixels");
        KerasTensor x = new Dense(64, activation: "relu").Apply(inputs);
        x = new Dense(64, activation: "relu").Apply(x);
        KerasTensor outputs = new Dense(10, activation: "softmax").Apply(x);
        return new Model(inputs, outputs, name: "digits_mlp");
    }

    [Fact]
    public void FunctionalMlp_OnDigits_ReachesAtLeast95PercentValidationAccuracy()
    {
        KerasBackend.SetRandomSeed(7);
        var (xAll, yAll) = DigitsData.Load();
        using TensorScope scope = Ops.NewScope();
        using Tensor ownedX = xAll, ownedY = yAll;
        // The file is ordered by writer; hold out a random 20% (as one would before validation_split).
        Tensor order = Ops.RandomPermutation(Ops.ShapeOf(xAll)[0]!.Value, seed: 1);
        Tensor x = Ops.TakeRows(xAll, order), y = Ops.TakeRows(yAll, order);
        {
            Model model = DigitsMlp();
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);

            var history = model.Fit(x, y, batchSize: 32, epochs: 30, verbose: 0, validationSplit: 0.2);

            Assert.Equal(30, history["loss"].Count);
            Assert.True(history["loss"][^1] < history["loss"][0]);
            Assert.True(history["val_accuracy"][^1] >= 0.95, $"val_accuracy {history["val_accuracy"][^1]:F4}");
        }
    }
}
