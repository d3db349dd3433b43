// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Serialization;

/// <summary>The guide's keras.layers.serialize / deserialize example, with its CustomLayer(a).</summary>
public sealed class GuideSerializeTests : KerasTestBase
{
    /// <summary>The guide's CustomLayer: a variable `var_a`; get_config returns only {"a": value}.</summary>
    public sealed class CustomLayer : Layer
    {
        private readonly Variable _var;

        public CustomLayer(int a)
        {
            _var = new Variable(a, name: "var_a", dtype: Keras.Net.Backend.DType.Int32);
        }

        public Variable Var => _var;

        protected override Tensor Call(Tensor inputs, bool training) =>
            training ? Ops.Multiply(inputs, Ops.Cast(_var.Value, Ops.DTypeOf(inputs))) : Ops.Alias(inputs);

        public override JsonObject GetConfig() => new() { ["a"] = (int)Ops.ToScalar(_var.Value) };
    }

    [Fact]
    public void Serialize_IsExactlyTheGuidesDict_AndDeserializeRestoresIt()
    {
        var layer = new CustomLayer(5);
        layer.Var.Assign(2);

        JsonObject serializedLayer = KerasSerializer.Serialize(layer);
        Layer newLayer = KerasSerializer.Deserialize<Layer>(serializedLayer, new Dictionary<string, object> { ["CustomLayer"] = typeof(CustomLayer) });

        Assert.Equal("{\"class_name\": \"CustomLayer\", \"config\": {\"a\": 2}}", PythonJson.Serialize(serializedLayer));
        Assert.Equal(2, (int)Ops.ToScalar(((CustomLayer)newLayer).Var.Value));
        Assert.Equal("var_a:0", ((CustomLayer)newLayer).Var.Name);
    }

    [Fact]
    public void Deserialize_WithoutCustomObjects_FailsWithKerasMessage()
    {
        JsonObject serialized = KerasSerializer.Serialize(new CustomLayer(1));

        var ex = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(serialized));

        Assert.Contains("Unknown layer: 'CustomLayer'", ex.Message);
        Assert.Contains("$.class_name", ex.Message);
    }
}
