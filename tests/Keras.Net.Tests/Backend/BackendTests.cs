// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Backend;

public sealed class BackendTests : KerasTestBase
{
    private sealed class NestedDenseLayer : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training) => Ops.Alias(inputs);
    }

    [Theory]
    [InlineData("Dense", "dense")]
    [InlineData("ReLU", "re_lu")]
    [InlineData("Conv2D", "conv2d")]
    [InlineData("NestedDenseLayer", "nested_dense_layer")]
    [InlineData("LSTM", "lstm")]
    [InlineData("GlobalAveragePooling2D", "global_average_pooling2d")]
    [InlineData("_Private", "private__private")]
    public void ToSnakeCase_MatchesKeras(string className, string expected)
    {
        Assert.Equal(expected, NameRegistry.ToSnakeCase(className));
    }

    [Fact]
    public void DefaultNames_CountPerBaseName_AndClearSessionResets()
    {
        Assert.Equal("dense", new Dense(1).Name);
        Assert.Equal("dense_1", new Dense(1).Name);
        Assert.Equal("nested_dense_layer", new NestedDenseLayer().Name);
        Assert.Equal("model", GuideModelsName());

        KerasBackend.ClearSession();

        Assert.Equal("dense", new Dense(1).Name);
        Assert.Equal("input_1", new Input([1]).SourceLayer!.Name);
    }

    private static string GuideModelsName()
    {
        var input = new Input([2]);
        return new Model(input, new Dense(1).Apply(input)).Name;
    }

    [Fact]
    public void InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Dense(1, name: "a/b"));
        Assert.Throws<ArgumentException>(() => new Dense(1, name: ""));
    }

    [Fact]
    public void Floatx_DefaultsToFloat32_AndWeightsUseIt()
    {
        var dense = new Dense(2);
        dense.EnsureBuilt(Shape.Of(1, 2));

        Assert.Equal(DType.Float32, KerasBackend.Floatx);
        Assert.Equal(DType.Float32, dense.Kernel!.DType);
        var d64 = new Dense(2, dtype: "float64");
        d64.EnsureBuilt(Shape.Of(1, 2));
        Assert.Equal(DType.Float64, d64.Kernel!.DType);
    }

    [Theory]
    [InlineData("float32")]
    [InlineData("float64")]
    [InlineData("int32")]
    [InlineData("int64")]
    [InlineData("bool")]
    public void DType_ParseRoundTrips(string name)
    {
        Assert.Equal(name, DType.Parse(name).Name);
        Assert.Throws<ArgumentException>(() => DType.Parse("complex256"));
    }

    [Fact]
    public void Device_DefaultIsCpu_ParseAndModelTo()
    {
        Assert.Equal(Device.Cpu, KerasBackend.DefaultDevice);
        Assert.Equal(Device.Cuda(1), Device.Parse("cuda:1"));
        Assert.Equal(Device.Cpu, Device.Parse("CPU"));
        Assert.Throws<ArgumentException>(() => Device.Parse("tpu"));

        var model = new Sequential([new Input([2]), new Dense(1)]);
        Assert.Same(model, model.To(Device.Cpu));
        Assert.Equal(Device.Cpu, model.Device);
        Assert.All(model.Weights, w => Assert.Equal(Device.Cpu, w.Device));
    }

    [Fact]
    public void Device_CudaWithoutGpu_FailsClearly()
    {
        if (Device.IsCudaAvailable)
        {
            return;
        }

        var model = new Sequential([new Input([2]), new Dense(1)]);
        var ex = Assert.Throws<InvalidOperationException>(() => model.To(Device.Cuda()));
        Assert.Contains("CUDA is not available", ex.Message);
        Assert.Throws<InvalidOperationException>(() => KerasBackend.DefaultDevice = Device.Cuda());
    }

    [CudaFact]
    public void ModelTo_Cuda_MovesEveryWeight_AndPredictAcceptsCpuInputs()
    {
        var model = new Sequential([new Input([3]), new Dense(4, activation: "relu"), new Dense(2)]);
        using Tensor x = Ops.RandomUniform([5, 3], seed: 1);
        using Tensor onCpu = model.Predict(x);

        model.To(Device.Cuda());

        Assert.All(model.Weights, w => Assert.True(w.Device.IsCuda));
        using Tensor onGpu = model.Predict(x);
        Assert.True(Ops.DeviceOf(onGpu).IsCuda);
        using Tensor back = Ops.To(onGpu, Device.Cpu);
        TensorAssert.Equal(onCpu, back, atol: 1e-5);
    }
}
