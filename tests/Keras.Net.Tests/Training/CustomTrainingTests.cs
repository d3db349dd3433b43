// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.TestSupport;
using Keras.Net.Training;

namespace Keras.Net.Tests.Training;

public sealed class CustomTrainingTests : KerasTestBase
{
    /// <summary>Adds 0.5 * mean(x) as an activity loss and logs mean(x) as a metric.</summary>
    private sealed class ActivityLayer : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training)
        {
            Tensor mean = Ops.Mean(inputs);
            AddLoss(Ops.Multiply(mean, 0.5));
            AddMetric(mean, "activity_mean");
            return Ops.Alias(inputs);
        }

        public override Shape ComputeOutputShape(Shape inputShape) => inputShape;
    }

    [Fact]
    public void AddLossAndAddMetric_EnterTheLossAndTheLogs()
    {
        var input = new Input([2]);
        var model = new Model(input, new ActivityLayer().Apply(new Dense(1, kernelInitializer: "ones", biasInitializer: "zeros").Apply(input)));
        model.Compile(optimizer: new SGD(0.0), loss: "mse");
        using Tensor x = Ops.FromArray([1f, 1f, 2f, 2f], [2, 2]);
        using Tensor y = Ops.FromArray([2f, 4f], [2, 1]);

        History h = model.Fit(x, y, epochs: 1, verbose: 0, shuffle: false);

        // Outputs 2 and 4 equal the targets (mse 0); the activity mean is 3, its loss 1.5.
        Assert.Equal(1.5, h["loss"][0], 5);
        Assert.Equal(3.0, h["activity_mean"][0], 5);
    }

    [Fact]
    public void AddLoss_Function_IsAddedEveryStep_AndLossesListsIt()
    {
        var dense = new Dense(1, kernelInitializer: "ones", biasInitializer: "zeros");
        var model = new Sequential([new Input([1]), dense]);
        dense.AddLoss(() => Ops.Multiply(Ops.Sum(Ops.Square(dense.Kernel!.Value)), 0.1));
        model.Compile(optimizer: new SGD(0.0), loss: "mse");
        using Tensor x = Ops.FromArray([1f], [1, 1]);
        using Tensor y = Ops.FromArray([1f], [1, 1]);

        double loss = model.Evaluate(x, y, verbose: 0)["loss"];

        Assert.Equal(0.1, loss, 6);
        IReadOnlyList<Tensor> losses = model.Losses;
        Assert.Single(losses);
        Assert.Equal(0.1, Ops.ToScalar(losses[0]), 6);
    }

    private sealed class CountingModel : Model
    {
        private readonly Dense _dense = new(1);

        public int TrainSteps { get; private set; }

        protected override Tensor Call(Tensor inputs, bool training) => _dense.Apply(inputs, training);

        protected override IReadOnlyDictionary<string, double>? TrainStep(DataBatch data)
        {
            TrainSteps++;
            return base.TrainStep(data);
        }
    }

    [Fact]
    public void TrainStep_CanBeOverridden_InASubclassedModel()
    {
        var model = new CountingModel();
        model.Compile(optimizer: "sgd", loss: "mse");
        using Tensor x = Ops.Ones([10, 3]);
        using Tensor y = Ops.Ones([10, 1]);

        model.Fit(x, y, batchSize: 5, epochs: 2, verbose: 0);

        Assert.Equal(4, model.TrainSteps);
        Assert.Equal(4, model.Optimizer!.Iterations);
    }

    [Fact]
    public void NoLossAnywhere_ThrowsKerasMessage()
    {
        var model = new Sequential([new Input([1]), new Dense(1)]);
        model.Compile(optimizer: "sgd");
        using Tensor x = Ops.Ones([2, 1]);

        var ex = Assert.Throws<InvalidOperationException>(() => model.TrainOnBatch(x, x));

        Assert.Contains("No loss found", ex.Message);
    }

    [Fact]
    public void Compile_DefaultsAndErrors()
    {
        var model = new Sequential([new Input([1]), new Dense(1)]);

        model.Compile(loss: "mse");

        Assert.IsType<RMSprop>(model.Optimizer);
        Assert.Throws<ArgumentException>(() => model.Compile(optimizer: "nope"));
        Assert.Throws<ArgumentException>(() => model.Compile(loss: "nope"));
        Assert.Throws<ArgumentException>(() => model.Compile(loss: new object[] { "mse", "mse" }));
    }

    [Fact]
    public void FitLoop_LeavesLiveTensorCountFlat()
    {
        var model = new Sequential([new Input([4]), new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        using Tensor x = Ops.RandomUniform([64, 4], seed: 2);
        using Tensor y = Ops.FromArray(Enumerable.Range(0, 64).Select(i => (long)(i % 2)).ToArray(), [64]);
        model.Fit(x, y, epochs: 1, verbose: 0);
        long before = Keras.Net.Backend.KerasBackend.LiveTensorCount;

        model.Fit(x, y, epochs: 5, verbose: 0, validationSplit: 0.25);

        Assert.Equal(before, Keras.Net.Backend.KerasBackend.LiveTensorCount);
    }
}
