// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;
using Keras.Net.Training;

namespace Keras.Net.Tests.Training;

/// <summary>Fit and Evaluate from generators: steps per epoch, restarts, running out, prefetch, and no leaked tensor.</summary>
public sealed class GeneratorDatasetTests : KerasTestBase
{
    /// <summary>An endless generator that makes temporaries it never disposes (as a user's generator would).</summary>
    private static IEnumerable<DataBatch> Careless(int? count = null)
    {
        for (int i = 0; count is null || i < count; i++)
        {
            Tensor x = Ops.RandomNormal([8, 4], seed: i);
            Tensor noise = Ops.Multiply(x, 0.1);
            Tensor y = Ops.Sum(Ops.Add(x, noise), [1], keepDims: true);
            yield return new DataBatch([x], [y]);
        }
    }

    private static Model NewModel()
    {
        var inputs = new Input([4]);
        var model = new Model(inputs, new Dense(1).Apply(inputs));
        model.Compile(optimizer: "sgd", loss: "mse");
        return model;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void AThousandBatchesFromACarelessGenerator_LeaveTheLiveTensorCountFlat(int prefetch)
    {
        Model model = NewModel();
        model.Fit(Careless(), stepsPerEpoch: 5, epochs: 1, verbose: 0, prefetch: prefetch);
        long before = KerasBackend.LiveTensorCount;
        long prefetched;

        History history;
        using (var data = new GeneratorDataset(Careless(), stepsPerEpoch: 100, prefetch: prefetch))
        {
            history = model.Fit(data, epochs: 10, verbose: 0);
            data.Dispose();
            prefetched = data.PrefetchThreadLiveDelta;
        }

        // Batches made on the prefetch thread count there and are disposed on this one: the two add up to nothing.
        Assert.Equal(10, history["loss"].Count);
        Assert.Equal(1005, model.Optimizer!.Iterations);
        Assert.Equal(before, KerasBackend.LiveTensorCount + prefetched);
        if (prefetch > 0)
        {
            Assert.True(prefetched > 0, "the batches were made on the prefetch thread");
        }
    }

    [Fact]
    public void WithoutStepsPerEpoch_EveryEpochEnumeratesTheSourceAfresh()
    {
        Model model = NewModel();

        var history = model.Fit(Careless(3), epochs: 4, verbose: 0, validationData: Careless(2));

        Assert.Equal(12, model.Optimizer!.Iterations);
        Assert.Equal(4, history["val_loss"].Count);
    }

    [Fact]
    public void AnAsyncGenerator_Trains_AndLeaksNothing()
    {
        static async IAsyncEnumerable<DataBatch> Remote()
        {
            foreach (DataBatch batch in Careless(20))
            {
                await Task.Yield();
                yield return batch;
            }
        }

        Model model = NewModel();
        model.Fit(Remote(), epochs: 1, verbose: 0);
        long before = KerasBackend.LiveTensorCount;

        var history = model.Fit(Remote(), epochs: 2, verbose: 0);

        Assert.Equal(60, model.Optimizer!.Iterations);
        Assert.Equal(2, history["loss"].Count);
        Assert.Equal(before, KerasBackend.LiveTensorCount);
    }

    [Fact]
    public void AGeneratorThatRunsOut_StopsTraining_AsKerasDoes()
    {
        Model model = NewModel();

        var history = model.Fit(Careless(5), stepsPerEpoch: 2, epochs: 5, verbose: 0);

        // Epochs 1 and 2 take 2 batches each, epoch 3 gets the last one, then training stops.
        Assert.Equal(5, model.Optimizer!.Iterations);
        Assert.Equal(3, history["loss"].Count);
    }

    [Fact]
    public void Evaluate_TakesStepsBatches_AndMatchesTheSameDataAsTensors()
    {
        Model model = NewModel();
        IReadOnlyDictionary<string, double> fromGenerator = model.Evaluate(Careless(), steps: 3, verbose: 0);

        var batches = Careless(3).ToList();
        using Tensor x = Ops.Concatenate(batches.Select(b => b.Inputs[0]).ToList(), 0);
        using Tensor y = Ops.Concatenate(batches.Select(b => b.Targets[0]).ToList(), 0);
        IReadOnlyDictionary<string, double> fromTensors = model.Evaluate(x, y, batchSize: 8, verbose: 0);

        Assert.Equal(fromTensors["loss"], fromGenerator["loss"], 5);
    }

    [Fact]
    public void ABrokenGenerator_FailsTheFitWithItsError_EvenWhenPrefetching()
    {
        static IEnumerable<DataBatch> Broken()
        {
            yield return Careless(1).Single();
            throw new IOException("disk gone");
        }

        Model model = NewModel();
        var ex = Assert.ThrowsAny<Exception>(() => model.Fit(Broken(), epochs: 1, verbose: 0, prefetch: 2));
        Assert.Contains("disk gone", ex.Message + ex.InnerException?.Message, StringComparison.Ordinal);
    }
}
