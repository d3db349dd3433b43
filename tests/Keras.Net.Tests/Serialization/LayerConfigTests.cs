// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Serialization;

/// <summary>Configs against the JSON tf.keras 2.x writes, key by key, and exact round trips.</summary>
public sealed class LayerConfigTests : KerasTestBase
{
    private const string DenseDefaults =
        "\"use_bias\": true, \"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}, " +
        "\"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}, \"kernel_regularizer\": null, \"bias_regularizer\": null, " +
        "\"activity_regularizer\": null, \"kernel_constraint\": null, \"bias_constraint\": null";

    [Fact]
    public void Dense_Config_IsTfKerasJson()
    {
        var layer = new Dense(3, activation: "relu");

        Assert.Equal(
            "{\"name\": \"dense\", \"trainable\": true, \"dtype\": \"float32\", \"units\": 3, \"activation\": \"relu\", " + DenseDefaults + "}",
            PythonJson.Serialize(layer.GetConfig()));
    }

    [Fact]
    public void Dropout_Activation_InputLayer_Configs_AreTfKerasJson()
    {
        Assert.Equal("{\"name\": \"dropout\", \"trainable\": true, \"dtype\": \"float32\", \"rate\": 0.5, \"noise_shape\": null, \"seed\": null}", PythonJson.Serialize(new Dropout(0.5).GetConfig()));
        Assert.Equal("{\"name\": \"activation\", \"trainable\": true, \"dtype\": \"float32\", \"activation\": \"tanh\"}", PythonJson.Serialize(new Activation("tanh").GetConfig()));
        Assert.Equal("{\"batch_input_shape\": [null, 32], \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"input_1\"}", PythonJson.Serialize(new Input([32]).InputLayer.GetConfig()));
    }

    [Fact]
    public void Sequential_Config_IsTfKerasJson_AndRoundTrips()
    {
        var model = new Sequential([new Input([32]), new Dense(1)]);

        string json = PythonJson.Serialize(model.GetConfig());

        Assert.Equal(
            "{\"name\": \"sequential\", \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 32], \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"input_1\"}}, " +
            "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"trainable\": true, \"dtype\": \"float32\", \"units\": 1, \"activation\": \"linear\", " + DenseDefaults + "}}]}",
            json);
        Sequential copy = Sequential.FromConfig(model.GetConfig());
        Assert.Equal(json, PythonJson.Serialize(copy.GetConfig()));
    }

    [Fact]
    public void Functional_Config_IsTfKerasJson_AndRoundTrips()
    {
        var inputs = new Input([32]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));

        JsonObject config = model.GetConfig();
        string json = PythonJson.Serialize(config);

        Assert.Equal(
            "{\"name\": \"model\", \"trainable\": true, \"layers\": [" +
            "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 32], \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"input_1\"}, \"name\": \"input_1\", \"inbound_nodes\": []}, " +
            "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"trainable\": true, \"dtype\": \"float32\", \"units\": 1, \"activation\": \"linear\", " + DenseDefaults + "}, \"name\": \"dense\", \"inbound_nodes\": [[[\"input_1\", 0, 0, {}]]]}], " +
            "\"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"dense\", 0, 0]]}",
            json);
        Model copy = Model.FromConfig(config);
        Assert.Equal(json, PythonJson.Serialize(copy.GetConfig()));
    }

    public static TheoryData<string> LayerFactories => new()
    {
        "Dense", "DenseCustom", "Dropout", "Activation", "Flatten", "Reshape", "ReLU", "Softmax", "Identity",
    };

    private static Layer Make(string kind) => kind switch
    {
        "Dense" => new Dense(4),
        "DenseCustom" => new Dense(7, activation: "softmax", useBias: false, kernelInitializer: new Keras.Net.Initializers.RandomNormal(0.1, 0.2, seed: 3),
            kernelRegularizer: new Keras.Net.Regularizers.L2(0.01), activityRegularizer: new Keras.Net.Regularizers.L1L2(0.1, 0.2),
            kernelConstraint: new Keras.Net.Constraints.MaxNorm(3, axis: 1), trainable: false),
        "Dropout" => new Dropout(0.3, noiseShape: new Shape([null, 1]), seed: 9),
        "Activation" => new Activation("gelu"),
        "Flatten" => new Flatten(dataFormat: "channels_first"),
        "Reshape" => new Reshape([2, -1]),
        "ReLU" => new ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5),
        "Softmax" => new Softmax(axis: 1),
        _ => new Identity(),
    };

    [Theory]
    [MemberData(nameof(LayerFactories))]
    public void EveryBuiltInLayer_RoundTripsThroughJsonExactly(string kind)
    {
        Layer layer = Make(kind);
        JsonObject serialized = KerasSerializer.Serialize(layer);
        string json = PythonJson.Serialize(serialized);

        Layer copy = KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json));

        Assert.Equal(layer.GetType(), copy.GetType());
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(copy)));
    }

    [Fact]
    public void MergeLayers_RoundTrip()
    {
        foreach (Layer layer in new Layer[] { new Add(name: "sum"), new Concatenate(axis: 1, name: "cat") })
        {
            string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
            Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        }
    }

    [Fact]
    public void FromConfig_AcceptsKeras3Forms()
    {
        var dense = KerasSerializer.Deserialize<Layer>(PythonJson.Parse(
            "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"trainable\": true, " +
            "\"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, " +
            "\"units\": 2, \"activation\": \"relu\", \"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null}, " +
            "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}, \"kernel_regularizer\": null, \"bias_regularizer\": null, " +
            "\"kernel_constraint\": null, \"bias_constraint\": null, \"quantization_config\": null}, \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 3]}}"));
        var input = KerasSerializer.Deserialize<Layer>(PythonJson.Parse(
            "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"input_layer\"}, \"registered_name\": null}"));

        Assert.Equal(2, ((Dense)dense).Units);
        Assert.Equal("d", dense.Name);
        Assert.Equal(new Shape([null, 3]), ((InputLayer)input).InputBatchShape);
    }

    [Fact]
    public void Sequential_FromBareListAndInputShapeOnFirstLayer()
    {
        var model = Sequential.FromConfig(PythonJson.Parse(
            "[{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": true, \"batch_input_shape\": [null, 4], \"dtype\": \"float32\", \"units\": 2, \"activation\": \"linear\"}}]"));

        Assert.True(model.Built);
        Assert.Equal(new Shape([null, 4]), model.Inputs[0].Shape);
        Assert.Equal("dense_1_input", model.Inputs[0].SourceLayer!.Name);
    }
}
