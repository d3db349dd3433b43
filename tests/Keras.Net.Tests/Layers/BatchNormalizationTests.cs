// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>BatchNormalization against the formula evaluated by hand.</summary>
public sealed class BatchNormalizationTests : KerasTestBase
{
    [Fact]
    public void Training_UsesBatchStatistics_AndMovesTheAverages()
    {
        var bn = new BatchNormalization(momentum: 0.5);
        using Tensor x = Ops.FromArray(new float[,] { { 1 }, { 5 } });

        using Tensor y = bn.Apply(x, training: true);

        // mean 3, biased variance 4: y = (x - 3) / sqrt(4.001); moving = 0.5 * initial + 0.5 * batch.
        double d = 2 / Math.Sqrt(4.001);
        TensorAssert.Close([(float)-d, (float)d], y);
        TensorAssert.Close([1.5f], bn.MovingMean!.Read());
        TensorAssert.Close([2.5f], bn.MovingVariance!.Read());
    }

    [Fact]
    public void Fit_UpdatesTheMovingStatistics_OncePerBatch()
    {
        var bn = new BatchNormalization(momentum: 0.5, center: false, scale: false);
        var model = new Keras.Net.Models.Sequential([new Input([1]), bn, new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        using Tensor x = Ops.FromArray(new float[,] { { 1 }, { 5 } });
        using Tensor y = Ops.FromArray(new float[,] { { 0 }, { 1 } });

        model.Fit(x, y, batchSize: 2, epochs: 2, verbose: 0);

        // Two updates towards mean 3 / variance 4: 0 -> 1.5 -> 2.25 and 1 -> 2.5 -> 3.25.
        TensorAssert.Close([2.25f], bn.MovingMean!.Read());
        TensorAssert.Close([3.25f], bn.MovingVariance!.Read());
    }

    [Fact]
    public void Inference_UsesTheMovingStatistics_GammaAndBeta()
    {
        var bn = new BatchNormalization(epsilon: 0.01);
        bn.EnsureBuilt(new Shape([null, 2]));
        bn.SetWeights([Ops.FromArray([2f, 1f], [2]), Ops.FromArray([0.5f, -1f], [2]), Ops.FromArray([1f, 10f], [2]), Ops.FromArray([3.99f, 0.24f], [2])]);
        using Tensor x = Ops.FromArray(new float[,] { { 3, 11 } });

        using Tensor y = bn.Apply(x);

        // (3 - 1) / sqrt(4) * 2 + 0.5 = 2.5; (11 - 10) / sqrt(0.25) * 1 - 1 = 1.
        TensorAssert.Close([2.5f, 1f], y);
        Assert.Equal(["gamma", "beta", "moving_mean", "moving_variance"], bn.Weights.Select(w => w.ShortName));
        Assert.Equal(2, bn.TrainableWeights.Count);
    }

    [Fact]
    public void Frozen_NormalizesWithMovingStatistics_EvenInTraining()
    {
        var bn = new BatchNormalization(momentum: 0.5, trainable: false, center: false, scale: false);
        using Tensor x = Ops.FromArray(new float[,] { { 1 }, { 5 } });

        using Tensor y = bn.Apply(x, training: true);

        double s = Math.Sqrt(1.001);
        TensorAssert.Close([(float)(1 / s), (float)(5 / s)], y);
        TensorAssert.Close([0f], bn.MovingMean!.Read());
        Assert.Equal(2, bn.Weights.Count);
    }

    [Fact]
    public void ChannelsFirstAxis_NormalizesPerChannel()
    {
        var bn = new BatchNormalization(axis: 1);
        using Tensor x = Ops.FromArray([1f, 3f, 10f, 30f], [1, 2, 2, 1]);

        using Tensor y = bn.Apply(x, training: true);

        // Each channel: mean of its pair, variance 1 and 100.
        double a = 1 / Math.Sqrt(1.001), b = 10 / Math.Sqrt(100.001);
        TensorAssert.Close([(float)-a, (float)a, (float)-b, (float)b], y);
        Assert.Equal(Shape.Of(2), bn.Gamma!.Shape);
    }

    [Fact]
    public void Config_KeepsTfKerasListAxis_AndRefusesUnsupportedArguments()
    {
        string json = "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"trainable\": true, \"dtype\": \"float32\", \"axis\": [3], \"momentum\": 0.99, \"epsilon\": 0.001, \"center\": true, \"scale\": true, \"beta_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}, \"gamma_initializer\": {\"class_name\": \"Ones\", \"config\": {}}, \"moving_mean_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}, \"moving_variance_initializer\": {\"class_name\": \"Ones\", \"config\": {}}, \"beta_regularizer\": null, \"gamma_regularizer\": null, \"beta_constraint\": null, \"gamma_constraint\": null}}";

        var bn = Assert.IsType<BatchNormalization>(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)));

        Assert.Equal(3, bn.Axis);
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(bn)));
        Assert.Throws<NotSupportedException>(() => new BatchNormalization(renorm: true));
        Assert.Throws<NotSupportedException>(() => new BatchNormalization(axis: new[] { 1, 2 }));
    }
}
