// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Serialization;

namespace Keras.Net.Tests.Saving;

/// <summary>The Keras 1 config translation: mapped arguments, and clear refusals for what is not mapped.</summary>
public sealed class Keras1ConfigTests
{
    private static JsonNode Translate(string layersJson) =>
        Keras1Config.Translate(PythonJson.Parse("{\"class_name\": \"Sequential\", \"config\": [" + layersJson + "]}"), m => new KerasFormatException(m, "/@model_config", "model.h5"));

    [Fact]
    public void Convolution2D_BecomesConv2D_WithKeras2Arguments()
    {
        JsonNode result = Translate("{\"class_name\": \"Convolution2D\", \"config\": {\"name\": \"c\", \"nb_filter\": 4, \"nb_row\": 3, \"nb_col\": 2, \"subsample\": [1, 1], \"border_mode\": \"same\", \"dim_ordering\": \"tf\", \"init\": \"glorot_uniform\", \"activation\": \"relu\", \"bias\": true, \"W_regularizer\": {\"name\": \"WeightRegularizer\", \"l1\": 0.0, \"l2\": 0.5}, \"b_regularizer\": null, \"W_constraint\": null}}");

        JsonNode layer = result["config"]![0]!;
        Assert.Equal("Conv2D", layer["class_name"]!.GetValue<string>());
        JsonNode c = layer["config"]!;
        Assert.Equal(4, c["filters"]!.GetValue<int>());
        Assert.Equal("[3,2]", c["kernel_size"]!.ToJsonString());
        Assert.Equal("same", c["padding"]!.GetValue<string>());
        Assert.Equal("channels_last", c["data_format"]!.GetValue<string>());
        Assert.Equal("L1L2", c["kernel_regularizer"]!["class_name"]!.GetValue<string>());
        Assert.Equal(0.5, c["kernel_regularizer"]!["config"]!["l2"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("{\"class_name\": \"Merge\", \"config\": {\"name\": \"m\"}}", "unsupported layer Merge")]
    [InlineData("{\"class_name\": \"Convolution2D\", \"config\": {\"name\": \"c\", \"nb_filter\": 1, \"nb_row\": 1, \"nb_col\": 1, \"dim_ordering\": \"th\"}}", "dim_ordering=\"th\"")]
    [InlineData("{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"b\", \"mode\": 2}}", "mode=2")]
    [InlineData("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"output_dim\": 1, \"W_constraint\": {\"name\": \"MaxNorm\", \"m\": 2}}}", "W_constraint")]
    public void Unmapped_IsRefusedNamingWhat(string layer, string expected)
    {
        var ex = Assert.Throws<KerasFormatException>(() => Translate(layer));

        Assert.Contains("Keras 1 file", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("model.h5", ex.Message);
    }
}
