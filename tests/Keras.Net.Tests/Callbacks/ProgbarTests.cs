// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Callbacks;

public sealed class ProgbarTests : KerasTestBase
{
    [Fact]
    public void Verbose1_Redirected_PrintsOneKerasLinePerEpoch()
    {
        using Tensor x = Ops.Ones([100, 1]);
        using Tensor y = Ops.Ones([100, 1]);
        var model = new Sequential([new Input([1]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse", metrics: ["mae"]);
        using var output = new StringWriter();

        model.Fit(x, y, batchSize: 32, epochs: 2, callbacks: [new ProgbarLogger(output)]);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0].TrimEnd());
        Assert.Matches(@"^4/4 \[==============================\] - \d+s \d+(ms|us|s)/step - loss: \d\.\d{4}(e[+-]\d\d)? - mae: \d\.\d{4}(e[+-]\d\d)?$", lines[1].TrimEnd());
        Assert.Equal("Epoch 2/2", lines[2].TrimEnd());
    }

    [Fact]
    public void Verbose2_PrintsCountTimeMetricsAndRates()
    {
        using Tensor x = Ops.Ones([10, 1]);
        using Tensor y = Ops.Ones([10, 1]);
        var model = new Sequential([new Input([1]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        using var output = new StringWriter();

        model.Fit(x, y, batchSize: 4, epochs: 1, verbose: 2, callbacks: [new ProgbarLogger(output)]);

        Assert.Matches(@"^3/3 - \d+s - loss: \S+ - \d+(ms|us|s)/epoch - \d+(ms|us|s)/step$", output.ToString().Trim());
    }

    [Fact]
    public void Interactive_RedrawsInPlaceWithCarriageReturns()
    {
        var bar = new Progbar(10, new StringWriter(), verbose: 1, interactive: true);
        using var w = new StringWriter();
        var live = new Progbar(10, w, verbose: 1, interactive: true);

        live.Update(5, [new("loss", 0.5)]);
        live.Update(10, [new("loss", 0.25)], finalize: true);

        string text = w.ToString();
        Assert.StartsWith("\r 5/10 [==============>...............] - ETA: 0s - loss: 0.5000", text, StringComparison.Ordinal);
        Assert.Contains("\r10/10 [==============================] - ", text);
        Assert.EndsWith("loss: 0.2500" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Equal(10, bar.Target);
    }

    [Theory]
    [InlineData(0.12345, "0.1235")]
    [InlineData(2.9296, "2.9296")]
    [InlineData(0.0001234, "1.2340e-04")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Format_MatchesKeras(double value, string expected) => Assert.Equal(expected, Progbar.Format(value));
}
