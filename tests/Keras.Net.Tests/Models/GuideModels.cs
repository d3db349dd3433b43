// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;

namespace Keras.Net.Tests.Models;

/// <summary>The models of the Keras "Serialization and saving" guide, written in C#.</summary>
internal static class GuideModels
{
    /// <summary>The guide's <c>get_model()</c>: Input(32) -> Dense(1), compiled with adam and mean squared error.</summary>
    public static Model GetModel()
    {
        var inputs = new Input([32]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        model.Compile(optimizer: "adam", loss: "mean_squared_error");
        return model;
    }

    /// <summary>The guide's <c>create_functional_model()</c>: 784-64-64-10, named "3_layer_mlp".</summary>
    public static Model CreateFunctionalModel(int outputs = 10, string name = "3_layer_mlp", bool withDropout = false)
    {
        var inputs = new Input([784], name: "digits");
        KerasTensor x = new Dense(64, activation: "relu", name: "dense_1").Apply(inputs);
        x = new Dense(64, activation: "relu", name: "dense_2").Apply(x);
        if (withDropout)
        {
            x = new Dropout(0.5).Apply(x);
        }

        KerasTensor output = new Dense(outputs, name: "predictions").Apply(x);
        return new Model(inputs, output, name: name);
    }

    /// <summary>The guide's SubclassedModel with the same three Dense layers.</summary>
    public sealed class SubclassedModel : Model
    {
        private readonly Dense _dense1 = new(64, activation: "relu", name: "dense_1");
        private readonly Dense _dense2 = new(64, activation: "relu", name: "dense_2");
        private readonly Dense _dense3;

        public SubclassedModel(int outputDim, string? name = null)
            : base(name)
        {
            OutputDim = outputDim;
            _dense3 = new Dense(outputDim, name: "predictions");
        }

        public int OutputDim { get; }

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor h1 = _dense1.Apply(inputs, training);
            using Tensor h2 = _dense2.Apply(h1, training);
            return _dense3.Apply(h2, training);
        }
    }
}
