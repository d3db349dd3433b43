// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Keras's "int or tuple" arguments: <c>Conv1D(128, 7, strides=3)</c> as keras.io writes it.</summary>
public sealed class IntTupleArgumentTests : KerasTestBase
{
    [Fact]
    public void IntegersAndTuples_BuildTheSameLayers()
    {
        var fromInts = new Conv1D(4, 7, strides: 3, padding: "valid", activation: "relu");
        var fromTuples = new Conv1D(4, [7], strides: [3], padding: "valid", activation: "relu");
        Assert.Equal(PythonJson.Serialize(KerasSerializer.Serialize(fromTuples)).Replace("conv1d_1", "conv1d", StringComparison.Ordinal), PythonJson.Serialize(KerasSerializer.Serialize(fromInts)).Replace("conv1d_1", "conv1d", StringComparison.Ordinal));

        var square = new Conv2D(8, 3);
        square.EnsureBuilt(new Shape([null, 6, 6, 2]));
        Assert.Equal(new long[] { 3, 3, 2, 8 }, square.Weights[0].Shape.ToArray());

        var pool = new MaxPooling2D(2);
        Assert.Equal(new Shape([null, 3, 3, 2]), pool.ComputeOutputShape(new Shape([null, 6, 6, 2])));
        Assert.Equal(new Shape([null, 2, 2, 2]), new AveragePooling2D(2, strides: 3).ComputeOutputShape(new Shape([null, 6, 6, 2])));
    }

    [Fact]
    public void ConfigsWithABareInteger_OrANullStride_Load()
    {
        var config = (JsonObject)PythonJson.Parse("""{"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": 3, "strides": 1, "padding": "same"}}""");
        var layer = (Conv2D)KerasSerializer.Deserialize<Layer>(config);
        layer.EnsureBuilt(new Shape([null, 4, 4, 1]));
        Assert.Equal(new long[] { 3, 3, 1, 2 }, layer.Weights[0].Shape.ToArray());

        var pool = (MaxPooling1D)KerasSerializer.Deserialize<Layer>((JsonObject)PythonJson.Parse("""{"class_name": "MaxPooling1D", "config": {"name": "p", "pool_size": 2, "strides": null, "padding": "valid"}}"""));
        Assert.Equal(new Shape([null, 3, 5]), pool.ComputeOutputShape(new Shape([null, 6, 5])));
    }

    [Fact]
    public void IntTuple_ConvertsBothWays_AndItsDefaultMeansNotGiven()
    {
        IntTuple seven = 7;
        IntTuple pair = [2, 3];
        int[]? none = default(IntTuple);

        Assert.Equal([7], seven.ToArray());
        Assert.Equal([2, 3], ((int[]?)pair)!);
        Assert.Null(none);
        Assert.True(default(IntTuple).IsDefault);
        Assert.Equal("(2, 3)", pair.ToString());
    }
}
