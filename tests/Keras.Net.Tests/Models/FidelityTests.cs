// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>Small Keras behaviours found porting keras.io examples.</summary>
public sealed class FidelityTests : KerasTestBase
{
    [Fact]
    public void IntegerVariable_IsInt32_AsTfVariableOfAnInt()
    {
        using var v = new Variable(5, name: "count");

        Assert.Equal(DType.Int32, v.DType);
        Assert.Equal(5L, Ops.ToInt64Array(v.Value).Single());
        using var f = new Variable(5.0);
        Assert.Equal(DType.Float32, f.DType);
    }

    [Fact]
    public void Predict_Verbose1_PrintsAProgressBarOverTheBatches_AndVerbose0Nothing()
    {
        var inputs = new Input([2]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        using Tensor x = Ops.Ones([10, 2]);
        TextWriter original = Console.Out;
        var printed = new StringWriter();
        try
        {
            Console.SetOut(printed);
            model.Predict(x, batchSize: 4, verbose: 1).Dispose();
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains("3/3 [==============================]", printed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_TellsCallbacksOfEveryBatch()
    {
        var inputs = new Input([2]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        using Tensor x = Ops.Ones([10, 2]);
        var seen = new PredictRecorder();

        model.Predict(x, batchSize: 4, callbacks: [seen]).Dispose();

        Assert.Equal(["begin", "0:4", "1:4", "2:2", "end"], seen.Events);
    }

    private sealed class PredictRecorder : Keras.Net.Callbacks.Callback
    {
        public List<string> Events { get; } = [];

        public override void OnPredictBegin(IDictionary<string, double> logs) => Events.Add("begin");

        public override void OnPredictBatchEnd(int batch, IDictionary<string, double> logs) => Events.Add($"{batch}:{logs["size"]}");

        public override void OnPredictEnd(IDictionary<string, double> logs) => Events.Add("end");
    }
}
