// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Metrics;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.TestSupport;
using Keras.Net.Training;

namespace Keras.Net.Tests.Training;

/// <summary>keras.io's "Customizing what happens in fit()" (Keras 3) ported: a TrainStep that returns its logs.</summary>
public sealed class CustomTrainStepTests : KerasTestBase
{
    /// <summary>keras.io's CustomModel: forward, compute_loss, gradients, apply, every metric updated, logs returned.</summary>
    private sealed class CustomModel(KerasTensor inputs, KerasTensor outputs) : Model([inputs], [outputs])
    {
        protected override IReadOnlyDictionary<string, double>? TrainStep(DataBatch data)
        {
            using TensorScope scope = Ops.NewScope();
            IReadOnlyList<Tensor> x = data.Inputs, y = data.Targets;
            IReadOnlyList<Tensor> yPred = ApplyMulti(x, training: true);
            Tensor loss = ComputeLoss(x: x, y: y, yPred: yPred);
            IReadOnlyList<Variable> trainable = TrainableWeights;
            IReadOnlyList<Tensor> gradients = Ops.Gradients(loss, trainable.Select(v => v.Value).ToArray());
            Optimizer!.ApplyGradients(gradients, trainable);

            // Update metrics (includes the metric that tracks the loss).
            foreach (Metric metric in Metrics)
            {
                if (metric.Name == "loss")
                {
                    ((Mean)metric).UpdateState(loss);
                }
                else
                {
                    metric.UpdateState(y[0], yPred[0]);
                }
            }

            // Return a dict mapping metric names to current value.
            return Metrics.ToDictionary(m => m.Name, m => m.ResultValue());
        }
    }

    [Fact]
    public void KerasIoCustomTrainStep_ReportsCompiledMetrics_AndTrainsAsTheDefaultStep()
    {
        using Tensor x = Ops.RandomNormal([64, 32], seed: 1);
        using Tensor y = Ops.RandomNormal([64, 1], seed: 2);
        var inputs = new Input([32]);
        var custom = new CustomModel(inputs, new Dense(1).Apply(inputs));
        var plainInputs = new Input([32]);
        var plain = new Model(plainInputs, new Dense(1).Apply(plainInputs));
        plain.SetWeights(custom.GetWeights());
        custom.Compile(optimizer: new SGD(0.01), loss: "mse", metrics: ["mae"]);
        plain.Compile(optimizer: new SGD(0.01), loss: "mse", metrics: ["mae"]);
        var printed = new StringWriter();

        var h = custom.Fit(x, y, batchSize: 16, epochs: 3, shuffle: false, verbose: 1, callbacks: [new ProgbarLogger(printed)]);
        var reference = plain.Fit(x, y, batchSize: 16, epochs: 3, shuffle: false, verbose: 0);

        // The compiled metric is there (it used to vanish), printed by the progress bar, and the numbers are the
        // default step's: the override does what Fit does.
        Assert.Contains("mae: ", printed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("compile_metrics", printed.ToString(), StringComparison.Ordinal);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(reference["loss"][epoch], h["loss"][epoch], 5);
            Assert.Equal(reference["mae"][epoch], h["mae"][epoch], 5);
        }
    }

    [Fact]
    public void BeforeTheFirstBatch_CompiledMetricsStandAsCompileMetrics_AndComputeMetricsBuildsThem()
    {
        var inputs = new Input([2]);
        var model = new StepProbe(inputs, new Dense(1).Apply(inputs));
        model.Compile(optimizer: "sgd", loss: "mse", metrics: ["mae", "mse"]);

        Assert.Equal(["loss", "compile_metrics"], model.Metrics.Select(m => m.Name));

        using Tensor x = Ops.Ones([4, 2]);
        using Tensor y = Ops.Zeros([4, 1]);
        IReadOnlyDictionary<string, double> logs = model.TrainOnBatch(x, y);

        Assert.Equal(["loss", "mae", "mse"], model.Metrics.Select(m => m.Name));
        Assert.Equal(["mae", "mse"], logs.Keys.Where(k => k != "loss").Order());
        // Targets are zeros: mae and mse are the mean |p| and p^2 of the predictions (the step changed no weight).
        using Tensor p = model.Predict(x);
        float[] values = Ops.ToFloatArray(p);
        Assert.Equal(values.Average(v => Math.Abs(v)), logs["mae"], 5);
        Assert.Equal(values.Average(v => v * v), logs["mse"], 5);
    }

    /// <summary>A TrainStep that only evaluates metrics through Keras 3's ComputeMetrics.</summary>
    private sealed class StepProbe(KerasTensor inputs, KerasTensor outputs) : Model([inputs], [outputs])
    {
        protected override IReadOnlyDictionary<string, double>? TrainStep(DataBatch data)
        {
            using TensorScope scope = Ops.NewScope();
            IReadOnlyList<Tensor> yPred = ApplyMulti(data.Inputs);
            return ComputeMetrics(data.Inputs, data.Targets, yPred);
        }
    }
}
