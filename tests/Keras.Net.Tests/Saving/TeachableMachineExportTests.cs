// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Teachable Machine's Keras export (converted from TensorFlow.js): a Sequential holding two Sequentials, the first
/// wrapping a functional model saved with the pre-2.4 class name <c>Model</c>; the nested layer entries carry their
/// own <c>name</c> and <c>inbound_nodes</c> keys (a MobileNet of Conv2D and BatchNormalization) beside <c>class_name</c>/<c>config</c>, and the head Sequential
/// declares its input with <c>batch_input_shape</c> on its first Dense. The weights are grouped per top-level
/// Sequential with the inner layers' names.
/// </summary>
public sealed class TeachableMachineExportTests : KerasTestBase
{
    private const string Config = """
        {"class_name": "Sequential", "config": {"name": "sequential_3", "layers": [
          {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
            {"class_name": "Model", "config": {"name": "model1", "layers": [
              {"name": "input_1", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 1], "dtype": "float32", "sparse": false, "name": "input_1"}, "inbound_nodes": []},
              {"name": "Conv1", "class_name": "Conv2D", "config": {"filters": 1, "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}}, "kernel_regularizer": null, "kernel_constraint": null, "kernel_size": [1, 1], "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear", "use_bias": true, "bias_initializer": {"class_name": "Zeros", "config": {}}, "bias_regularizer": null, "activity_regularizer": null, "bias_constraint": null, "name": "Conv1", "trainable": true}, "inbound_nodes": [[["input_1", 0, 0, {}]]]},
              {"name": "bn_Conv1", "class_name": "BatchNormalization", "config": {"axis": -1, "momentum": 0.999, "epsilon": 0.001, "center": true, "scale": true, "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}}, "moving_mean_initializer": {"class_name": "Zeros", "config": {}}, "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null, "name": "bn_Conv1", "trainable": true}, "inbound_nodes": [[["Conv1", 0, 0, {}]]]},
              {"name": "global_average_pooling2d_GlobalAveragePooling2D1", "class_name": "GlobalAveragePooling2D", "config": {"data_format": "channels_last", "name": "global_average_pooling2d_GlobalAveragePooling2D1", "trainable": true}, "inbound_nodes": [[["bn_Conv1", 0, 0, {}]]]}
            ], "input_layers": [["input_1", 0, 0]], "output_layers": [["global_average_pooling2d_GlobalAveragePooling2D1", 0, 0]]}, "name": "model1", "inbound_nodes": [[["input_1", 0, 0, {}]]]}
          ]}, "name": "sequential_1"},
          {"class_name": "Sequential", "config": {"name": "sequential_2", "layers": [
            {"class_name": "Dense", "config": {"units": 2, "activation": "softmax", "use_bias": true, "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_in", "distribution": "normal", "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "name": "dense_Dense1", "trainable": true, "batch_input_shape": [null, 1], "dtype": "float32"}}
          ]}, "name": "sequential_2"}
        ]}, "keras_version": "2.2.4-tf", "backend": "tensorflow"}
        """;

    [Fact]
    public void NestedSequentialsAroundAFunctionalModel_LoadAndPredictTheFormula()
    {
        using var dir = new TempDirectory();
        string path = dir.File("keras_model.h5");
        new LegacyH5Builder(Config, "2.2.4-tf")
            .Layer(
                "sequential_1",
                ("Conv1/kernel:0", new float[1, 1, 1, 1] { { { { 2f } } } }),
                ("Conv1/bias:0", new float[] { 0.5f }),
                ("bn_Conv1/gamma:0", new float[] { 1f }),
                ("bn_Conv1/beta:0", new float[] { 0f }),
                ("bn_Conv1/moving_mean:0", new float[] { 0.5f }),
                ("bn_Conv1/moving_variance:0", new float[] { 3.999f }))
            .Layer("sequential_2", ("dense_Dense1/kernel:0", new float[,] { { 1f, -1f } }), ("dense_Dense1/bias:0", new float[] { 0f, 0f }))
            .Write(path);

        using Model model = Model.Load(path, compile: false);
        using Tensor x = Ops.Ones([1, 4, 4, 1]);
        using Tensor y = model.Predict(x);

        // Conv 1x1: 2 * 1 + 0.5 = 2.5 everywhere; BN (2.5 - 0.5) / sqrt(3.999 + 0.001) = 1; pooled 1; logits [1, -1];
        // softmax [1/(1+e^-2), 1/(1+e^2)]. The nested weights are in Keras's order: trainable, then moving statistics.
        double p = 1 / (1 + Math.Exp(-2));
        TensorAssert.Close([(float)p, (float)(1 - p)], y);
        Assert.Equal(["sequential_1", "sequential_2"], model.Layers.Select(l => l.Name));
    }
}
