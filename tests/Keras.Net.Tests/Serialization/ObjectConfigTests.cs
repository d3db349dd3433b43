// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Constraints;
using Keras.Net.Initializers;
using Keras.Net.Losses;
using Keras.Net.Metrics;
using Keras.Net.Optimizers;
using Keras.Net.Optimizers.Schedules;
using Keras.Net.Regularizers;
using Keras.Net.Serialization;

namespace Keras.Net.Tests.Serialization;

/// <summary>Every built-in non-layer class: object -> config -> JSON -> config -> object -> config is exact.</summary>
public sealed class ObjectConfigTests
{
    public static TheoryData<string> Names => new()
    {
        "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Zeros", "Ones", "Constant", "RandomNormal",
        "RandomUniform", "TruncatedNormal", "Orthogonal", "Identity", "VarianceScaling", "L1", "L2", "L1L2", "MaxNorm", "NonNeg", "UnitNorm",
        "MinMaxNorm", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "AdamSchedule", "ExponentialDecay",
        "PiecewiseConstantDecay", "CosineDecay", "PolynomialDecay", "CosineDecayRestarts", "mse", "mae", "mape", "msle", "bce", "cce", "scce", "huber", "logcosh", "hinge", "sqhinge",
        "cathinge", "kld", "poisson", "cosine", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopK", "SparseTopK",
        "MaeMetric", "MseMetric", "Rmse", "Precision", "Recall", "AUC", "Mean",
    };

    private static (object Obj, Type Kind) Make(string name) => name switch
    {
        "GlorotUniform" => (new GlorotUniform(seed: 1), typeof(Initializer)),
        "GlorotNormal" => (new GlorotNormal(), typeof(Initializer)),
        "HeUniform" => (new HeUniform(), typeof(Initializer)),
        "HeNormal" => (new HeNormal(seed: 4), typeof(Initializer)),
        "LecunUniform" => (new LecunUniform(), typeof(Initializer)),
        "LecunNormal" => (new LecunNormal(), typeof(Initializer)),
        "Zeros" => (new Zeros(), typeof(Initializer)),
        "Ones" => (new Ones(), typeof(Initializer)),
        "Constant" => (new Constant(0.25), typeof(Initializer)),
        "RandomNormal" => (new RandomNormal(1, 2, 3), typeof(Initializer)),
        "RandomUniform" => (new RandomUniform(-1, 1), typeof(Initializer)),
        "TruncatedNormal" => (new TruncatedNormal(0, 0.1), typeof(Initializer)),
        "Orthogonal" => (new Orthogonal(2), typeof(Initializer)),
        "Identity" => (new Keras.Net.Initializers.Identity(3), typeof(Initializer)),
        "VarianceScaling" => (new VarianceScaling(2, "fan_out", "uniform", 5), typeof(Initializer)),
        "L1" => (new L1(0.02), typeof(Regularizer)),
        "L2" => (new L2(), typeof(Regularizer)),
        "L1L2" => (new L1L2(0.1, 0.2), typeof(Regularizer)),
        "MaxNorm" => (new MaxNorm(3, 1), typeof(Constraint)),
        "NonNeg" => (new NonNeg(), typeof(Constraint)),
        "UnitNorm" => (new UnitNorm(1), typeof(Constraint)),
        "MinMaxNorm" => (new MinMaxNorm(0.5, 2, 0.5, 1), typeof(Constraint)),
        "SGD" => (new SGD(0.05, momentum: 0.9, nesterov: true, clipnorm: 1.0), typeof(Optimizer)),
        "Adam" => (new Adam(0.002, amsgrad: true), typeof(Optimizer)),
        "AdamW" => (new AdamW(weightDecay: 0.01), typeof(Optimizer)),
        "RMSprop" => (new RMSprop(centered: true, momentum: 0.5), typeof(Optimizer)),
        "Adagrad" => (new Adagrad(initialAccumulatorValue: 0.2), typeof(Optimizer)),
        "Adadelta" => (new Adadelta(rho: 0.9), typeof(Optimizer)),
        "Adamax" => (new Adamax(), typeof(Optimizer)),
        "Nadam" => (new Nadam(globalClipnorm: 2.0), typeof(Optimizer)),
        "AdamSchedule" => (new Adam(schedule: new ExponentialDecay(0.1, 100, 0.5)), typeof(Optimizer)),
        "ExponentialDecay" => (new ExponentialDecay(0.1, 10, 0.9, staircase: true), typeof(LearningRateSchedule)),
        "PiecewiseConstantDecay" => (new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]), typeof(LearningRateSchedule)),
        "CosineDecay" => (new CosineDecay(0.1, 1000, 0.01), typeof(LearningRateSchedule)),
        "PolynomialDecay" => (new PolynomialDecay(0.1, 100, 0.01, power: 2, cycle: true), typeof(LearningRateSchedule)),
        "CosineDecayRestarts" => (new CosineDecayRestarts(0.1, 50, tMul: 1.5, mMul: 0.5, alpha: 0.1), typeof(LearningRateSchedule)),
        "mse" => (new Keras.Net.Losses.MeanSquaredError(), typeof(Loss)),
        "mae" => (new Keras.Net.Losses.MeanAbsoluteError(reduction: "sum"), typeof(Loss)),
        "mape" => (new MeanAbsolutePercentageError(), typeof(Loss)),
        "msle" => (new MeanSquaredLogarithmicError(), typeof(Loss)),
        "bce" => (new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1), typeof(Loss)),
        "cce" => (new CategoricalCrossentropy(labelSmoothing: 0.2), typeof(Loss)),
        "scce" => (new SparseCategoricalCrossentropy(fromLogits: true), typeof(Loss)),
        "huber" => (new Huber(delta: 2), typeof(Loss)),
        "logcosh" => (new LogCosh(), typeof(Loss)),
        "hinge" => (new Hinge(), typeof(Loss)),
        "sqhinge" => (new SquaredHinge(), typeof(Loss)),
        "cathinge" => (new CategoricalHinge(), typeof(Loss)),
        "kld" => (new KLDivergence(), typeof(Loss)),
        "poisson" => (new Poisson(), typeof(Loss)),
        "cosine" => (new CosineSimilarity(axis: 1), typeof(Loss)),
        "BinaryAccuracy" => (new BinaryAccuracy(threshold: 0.7), typeof(Metric)),
        "CategoricalAccuracy" => (new CategoricalAccuracy(), typeof(Metric)),
        "SparseCategoricalAccuracy" => (new SparseCategoricalAccuracy(), typeof(Metric)),
        "TopK" => (new TopKCategoricalAccuracy(k: 3), typeof(Metric)),
        "SparseTopK" => (new SparseTopKCategoricalAccuracy(k: 2), typeof(Metric)),
        "MaeMetric" => (new Keras.Net.Metrics.MeanAbsoluteError(), typeof(Metric)),
        "MseMetric" => (new Keras.Net.Metrics.MeanSquaredError(), typeof(Metric)),
        "Rmse" => (new RootMeanSquaredError(), typeof(Metric)),
        "Precision" => (new Precision(0.3, name: "p"), typeof(Metric)),
        "Recall" => (new Recall(name: "r"), typeof(Metric)),
        "AUC" => (new AUC(50, name: "auc_roc"), typeof(Metric)),
        _ => (new Mean("avg"), typeof(Metric)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void RoundTrip_IsExact(string name)
    {
        var (obj, kind) = Make(name);
        string json = PythonJson.Serialize(KerasSerializer.Serialize(obj));

        object copy = typeof(KerasSerializer).GetMethod(nameof(KerasSerializer.Deserialize))!.MakeGenericMethod(kind)
            .Invoke(null, [PythonJson.Parse(json), null])!;

        Assert.Equal(obj.GetType(), copy.GetType());
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(copy)));
    }

    [Fact]
    public void Adam_Config_IsTheTf211Layout()
    {
        string json = PythonJson.Serialize(new Adam().GetConfig());

        Assert.Equal(
            "{\"name\": \"Adam\", \"weight_decay\": null, \"clipnorm\": null, \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, " +
            "\"ema_momentum\": 0.99, \"ema_overwrite_frequency\": null, \"jit_compile\": true, \"is_legacy_optimizer\": false, " +
            "\"learning_rate\": 0.0010000000474974513, \"beta_1\": 0.9, \"beta_2\": 0.999, \"epsilon\": 1e-07, \"amsgrad\": false}",
            json);
    }

    [Fact]
    public void Optimizer_ReadsLegacyAndKeras3Configs()
    {
        var legacy = KerasSerializer.Deserialize<Optimizer>(PythonJson.Parse(
            "{\"class_name\": \"Adam\", \"config\": {\"name\": \"Adam\", \"learning_rate\": 0.0010000000474974513, \"decay\": 0.0, \"beta_1\": 0.8999999761581421, \"beta_2\": 0.9990000128746033, \"epsilon\": 1e-07, \"amsgrad\": false}}"));
        var custom = KerasSerializer.Deserialize<Optimizer>(PythonJson.Parse(
            "{\"class_name\": \"Custom>Adam\", \"config\": {\"name\": \"Adam\", \"weight_decay\": null, \"clipnorm\": null, \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99, \"ema_overwrite_frequency\": null, \"jit_compile\": false, \"is_legacy_optimizer\": false, \"learning_rate\": 0.01, \"beta_1\": 0.9, \"beta_2\": 0.999, \"epsilon\": 1e-07, \"amsgrad\": false}}"));
        var keras3 = KerasSerializer.Deserialize<Optimizer>(PythonJson.Parse(
            "{\"module\": \"keras.optimizers\", \"class_name\": \"SGD\", \"config\": {\"name\": \"SGD\", \"learning_rate\": 0.1, \"weight_decay\": null, \"clipnorm\": null, \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99, \"ema_overwrite_frequency\": null, \"loss_scale_factor\": null, \"gradient_accumulation_steps\": null, \"momentum\": 0.9, \"nesterov\": false}, \"registered_name\": null}"));

        Assert.Equal(0.001, legacy.LearningRate, 6);
        Assert.Equal(0.9, ((Adam)legacy).Beta1, 6);
        Assert.Equal(0.01, custom.LearningRate, 6);
        Assert.Equal(0.9, ((SGD)keras3).Momentum);
    }

    [Fact]
    public void Keras3PlainFunctions_ReadAsTheirName_ForLossesAndMetrics()
    {
        // How Keras 3 writes `loss=keras.losses.mean_squared_error` and `metrics=[keras.metrics.mean_absolute_error]`.
        var loss = KerasSerializer.Deserialize<Loss>(PythonJson.Parse(
            "{\"module\": \"keras.losses\", \"class_name\": \"function\", \"config\": \"mean_squared_error\", \"registered_name\": \"mean_squared_error\"}"));
        var metric = KerasSerializer.Deserialize<Metric>(PythonJson.Parse(
            "{\"module\": \"keras.metrics\", \"class_name\": \"function\", \"config\": \"mean_absolute_error\", \"registered_name\": \"mean_absolute_error\"}"));

        using Tensor yTrue = Ops.FromArray([0f, 2f], [2, 1]);
        using Tensor yPred = Ops.FromArray([1f, 4f], [2, 1]);
        using Tensor value = loss.Compute(yTrue, yPred);
        Assert.Equal(2.5, Ops.ToScalar(value), 6);
        metric.UpdateState(yTrue, yPred);
        Assert.Equal(1.5, metric.ResultValue(), 6);
    }

    [Fact]
    public void Names_ResolveForStringIdentifiers()
    {
        Assert.IsType<Adam>(KerasSerializer.Deserialize<Optimizer>(JsonValue.Create("adam")!));
        Assert.IsType<Keras.Net.Losses.MeanSquaredError>(KerasSerializer.Deserialize<Loss>(JsonValue.Create("mse")!));
        Assert.IsType<HeNormal>(KerasSerializer.Deserialize<Initializer>(JsonValue.Create("he_normal")!));
        Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Loss>(JsonValue.Create("nope")!));
    }
}
