// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Serialization;

/// <summary>The guide's "Saving the architecture" and "Custom objects" sections.</summary>
public sealed class CustomObjectsTests : KerasTestBase
{
    /// <summary>The guide's CustomLayer(units) with build-time weights and get_config calling the base.</summary>
    public sealed class CustomLayer : Layer
    {
        private Variable? _w;
        private Variable? _b;

        public CustomLayer(int units = 32, string? name = null, bool trainable = true, string? dtype = null)
            : base(name, trainable, dtype)
        {
            Units = units;
        }

        public int Units { get; }

        protected override void Build(Shape inputShape)
        {
            _w = AddWeight("w", Shape.Of(inputShape[^1]!.Value, Units), initializer: "random_normal");
            _b = AddWeight("b", Shape.Of(Units), initializer: "random_normal");
        }

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor m = Ops.MatMul(inputs, _w!.Value);
            return Ops.Add(m, _b!.Value);
        }

        public override Shape ComputeOutputShape(Shape inputShape) => inputShape.With(-1, Units);

        public override JsonObject GetConfig()
        {
            JsonObject config = base.GetConfig();
            config["units"] = Units;
            return config;
        }
    }

    [RegisterKerasSerializable(Package = "MyLayers")]
    public sealed class RegisteredLayer(int units = 4, string? name = null) : Layer(name)
    {
        public int Units { get; } = units;

        protected override Tensor Call(Tensor inputs, bool training) => Ops.Multiply(inputs, Units);

        public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

        public override JsonObject GetConfig()
        {
            JsonObject config = base.GetConfig();
            config["units"] = Units;
            return config;
        }
    }

    public static Tensor CustomActivation(Tensor x)
    {
        using Tensor t = Ops.Tanh(x);
        return Ops.Square(t);
    }

    public static Tensor SquaredTanh(Tensor x)
    {
        using Tensor t = Ops.Tanh(x);
        return Ops.Square(t);
    }

    private static Model CustomModel()
    {
        var inputs = new Input([32]);
        KerasTensor x = new CustomLayer(32).Apply(inputs);
        KerasTensor outputs = new Activation(CustomActivation).Apply(x);
        return new Model(inputs, outputs);
    }

    private static Dictionary<string, object> CustomObjects() => new()
    {
        ["CustomLayer"] = typeof(CustomLayer),
        ["custom_activation"] = (Func<Tensor, Tensor>)CustomActivation,
    };

    [Fact]
    public void LayerGetConfigFromConfig_GuideExample()
    {
        var layer = new Dense(3, activation: "relu");
        JsonObject layerConfig = layer.GetConfig();

        Dense newLayer = Dense.FromConfig(layerConfig);

        Assert.Equal(3, newLayer.Units);
        Assert.Equal("relu", newLayer.ActivationName);
        Assert.Equal(PythonJson.Serialize(layerConfig), PythonJson.Serialize(newLayer.GetConfig()));
    }

    [Fact]
    public void ToJsonModelFromJson_GuideExample()
    {
        var inputs = new Input([32]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));

        string json = model.ToJson();
        Model newModel = Model.FromJson(json);

        Assert.StartsWith("{\"class_name\": \"Functional\", \"config\": {\"name\": \"model\"", json, StringComparison.Ordinal);
        Assert.EndsWith(", \"keras_version\": \"2.12.0\", \"backend\": \"tensorflow\"}", json, StringComparison.Ordinal);
        Assert.Equal(PythonJson.Serialize(model.GetConfig()), PythonJson.Serialize(newModel.GetConfig()));
        Assert.NotSame(model.Weights[0], newModel.Weights[0]);
    }

    [Fact]
    public void CustomObjects_Argument_RebuildsTheModel()
    {
        Model model = CustomModel();
        JsonObject config = model.GetConfig();

        Model newModel = Model.FromConfig(config, CustomObjects());

        Assert.Equal("custom_activation", config["layers"]![2]!["config"]!["activation"]!.GetValue<string>());
        Assert.IsType<CustomLayer>(newModel.Layers[1]);
        Assert.Equal(PythonJson.Serialize(config), PythonJson.Serialize(newModel.GetConfig()));
    }

    [Fact]
    public void CustomObjectScope_RebuildsTheModel_AndIsRestoredOnDispose()
    {
        Model model = CustomModel();
        JsonObject config = model.GetConfig();

        using (new CustomObjectScope(CustomObjects()))
        {
            Model newModel = Model.FromConfig(config);
            Assert.IsType<CustomLayer>(newModel.Layers[1]);
            using (new CustomObjectScope(new Dictionary<string, object> { ["other"] = typeof(Dense) }))
            {
                Assert.IsType<CustomLayer>(Model.FromConfig(config).Layers[1]);
            }
        }

        var ex = Assert.Throws<KerasFormatException>(() => Model.FromConfig(config));
        Assert.Contains("Unknown layer: 'CustomLayer'", ex.Message);
        Assert.Contains("$.layers[1].class_name", ex.Message);
        Assert.Contains("customObjects", ex.Message);
    }

    [Fact]
    public async Task CustomObjectScope_IsPerAsyncFlow()
    {
        Model model = CustomModel();
        JsonObject config = model.GetConfig();
        using var gate = new SemaphoreSlim(0);

        Task other = Task.Run(async () =>
        {
            await gate.WaitAsync();
            Assert.Throws<KerasFormatException>(() => Model.FromConfig(config));
        });
        using (new CustomObjectScope(CustomObjects()))
        {
            gate.Release();
            await other;
            Assert.IsType<CustomLayer>(Model.FromConfig(config).Layers[1]);
        }
    }

    [Fact]
    public void RegisterKerasSerializable_IsFoundWithoutRegistration_UnderPackageKey()
    {
        var inputs = new Input([3]);
        var model = new Model(inputs, new RegisteredLayer(5).Apply(inputs));

        JsonObject config = model.GetConfig();
        Model copy = Model.FromConfig(config);

        Assert.Equal("MyLayers>RegisteredLayer", config["layers"]![1]!["class_name"]!.GetValue<string>());
        Assert.Equal(5, ((RegisteredLayer)copy.Layers[1]).Units);
    }

    [Fact]
    public void RegisterFunction_MakesAnActivationResolvableByName()
    {
        KerasRegistry.RegisterFunction("squared_tanh_registered", (Func<Tensor, Tensor>)SquaredTanh);
        var layer = new Activation("squared_tanh_registered");

        Layer copy = KerasSerializer.Deserialize<Layer>(KerasSerializer.Serialize(layer));

        using Tensor x = Ops.FromArray([0.5f], [1, 1]);
        using Tensor y = copy.Apply(x);
        Assert.Equal(Math.Pow(Math.Tanh(0.5), 2), Ops.ToScalar(y), 5);
    }

    [Fact]
    public void CloneModel_InsideACustomObjectScope_HasFreshWeightsAndSameConfig()
    {
        Model model = CustomModel();
        model.Compile(optimizer: "adam", loss: "mse");

        Model clone;
        using (new CustomObjectScope(CustomObjects()))
        {
            clone = Model.CloneModel(model);
        }

        Assert.Equal(PythonJson.Serialize(model.GetConfig()), PythonJson.Serialize(clone.GetConfig()));
        Assert.False(clone.IsCompiled);
        Assert.Equal(model.Weights.Count, clone.Weights.Count);
        Assert.NotEqual(model.Weights[0].ToArray(), clone.Weights[0].ToArray());
    }

    [Fact]
    public void CloneModel_WithCloneFunction_UsesItForEveryLayer()
    {
        var inputs = new Input([4]);
        var model = new Model(inputs, new Dense(2, name: "head").Apply(new Dense(3, name: "body").Apply(inputs)));
        var seen = new List<string>();

        Model clone = Model.CloneModel(model, layer =>
        {
            seen.Add(layer.Name);
            return KerasSerializer.Deserialize<Layer>(KerasSerializer.Serialize(layer));
        });

        Assert.Equal(["body", "head"], seen);
        Assert.Equal(["input_1", "body", "head"], clone.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Lambda_IsRefusedWithAReason()
    {
        JsonObject config = new() { ["class_name"] = "Lambda", ["config"] = new JsonObject { ["name"] = "lambda", ["function"] = new JsonArray("4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHICAAAA+gg8c3RkaW4+2gg8bGFtYmRhPgEAAADzAAAAAA==", null, null) } };

        var ex = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(config));

        Assert.Contains("Python bytecode", ex.Message);
        Assert.Contains("customObjects", ex.Message);
    }

    [Fact]
    public void Lambda_CanBeReplacedByACSharpLayer_ThroughCustomObjects()
    {
        JsonObject config = new() { ["class_name"] = "Lambda", ["config"] = new JsonObject { ["name"] = "double_it", ["function"] = new JsonArray("AAAA", null, null) } };

        var layer = KerasSerializer.Deserialize<Layer>(config, new Dictionary<string, object> { ["Lambda"] = typeof(DoublingLambda) });

        using Tensor x = Ops.FromArray(new float[,] { { 1, 2 } });
        using Tensor y = layer.Apply(x);
        TensorAssert.Close([2f, 4f], y);
        Assert.Equal("double_it", layer.Name);
    }

    [Fact]
    public void DenseFeatures_IsRefusedWithAReason()
    {
        JsonObject config = new() { ["class_name"] = "DenseFeatures", ["config"] = new JsonObject { ["name"] = "dense_features", ["feature_columns"] = new JsonArray() } };

        var ex = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(config));

        Assert.Contains("feature columns", ex.Message);
        Assert.Contains("customObjects", ex.Message);
    }

    /// <summary>A C# stand-in for a Python <c>Lambda(lambda x: x * 2)</c>.</summary>
    public sealed class DoublingLambda(string? name = null, JsonArray? function = null) : Layer(name)
    {
        /// <summary>The Python function payload, kept but never run.</summary>
        public JsonArray? Function { get; } = function;

        /// <inheritdoc />
        protected override Tensor Call(Tensor inputs, bool training) => Ops.Multiply(inputs, 2.0);
    }

    [Fact]
    public void UnknownInitializer_AndWrongKind_FailWithPaths()
    {
        JsonObject dense = new Dense(2).GetConfig();
        dense["kernel_initializer"] = new JsonObject { ["class_name"] = "NoSuchInit", ["config"] = new JsonObject() };

        var ex = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(new JsonObject { ["class_name"] = "Dense", ["config"] = dense }));
        Assert.Contains("Unknown initializer: 'NoSuchInit'", ex.Message);

        var wrongKind = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(new JsonObject { ["class_name"] = "CustomLayer", ["config"] = new JsonObject() }, new Dictionary<string, object> { ["CustomLayer"] = typeof(string) }));
        Assert.Contains("not a Layer", wrongKind.Message);
    }

    [Fact]
    public void ConstructorBinding_MapsSnakeCaseKeysAndReportsMismatches()
    {
        var ok = KerasSerializer.Deserialize<Layer>(new JsonObject { ["class_name"] = "CustomLayer", ["config"] = new JsonObject { ["name"] = "c", ["trainable"] = false, ["dtype"] = "float32", ["units"] = 3 } }, CustomObjects());
        Assert.Equal(3, ((CustomLayer)ok).Units);
        Assert.False(ok.Trainable);

        var ex = Assert.Throws<KerasFormatException>(() => KerasSerializer.Deserialize<Layer>(new JsonObject { ["class_name"] = "CustomLayer", ["config"] = new JsonObject { ["hidden_units"] = 3 } }, CustomObjects()));
        Assert.Contains("hidden_units", ex.Message);
        Assert.Contains("hiddenUnits", ex.Message);
    }
}
