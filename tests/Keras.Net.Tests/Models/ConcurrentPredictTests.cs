// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>Predict on one model from many threads at once gives each caller the single-threaded answer.</summary>
public sealed class ConcurrentPredictTests : KerasTestBase
{
    [Fact]
    public async Task PredictFromManyThreads_MatchesSequentialResults()
    {
        var inputs = new Input([6]);
        var x = new Dense(16, activation: "relu").Apply(inputs);
        x = new Dropout(0.3).Apply(x);
        var model = new Model(inputs, new Dense(3, activation: "softmax").Apply(new BatchNormalization().Apply(x)));
        var samples = Enumerable.Range(0, 8).Select(i => Ops.RandomNormal([5, 6], seed: i)).ToList();
        var expected = samples.Select(s =>
        {
            using Tensor y = model.Predict(s);
            return Ops.ToFloatArray(y);
        }).ToList();

        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            using Tensor y = model.Predict(samples[i % samples.Count]);
            return (i % samples.Count, Ops.ToFloatArray(y));
        }));
        var results = await Task.WhenAll(tasks);

        foreach (var (index, values) in results)
        {
            Assert.Equal(expected[index], values);
        }

        samples.ForEach(s => s.Dispose());
    }
}
