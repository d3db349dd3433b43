// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Samples.InferenceService;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Keras.Net.Tests.Samples;

/// <summary>samples/InferenceService: predictions, bad requests, concurrency, and a real Kestrel smoke test.</summary>
public sealed class InferenceServiceTests : KerasTestBase, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _modelPath;
    private readonly Model _model;

    public InferenceServiceTests()
    {
        var inputs = new Input([4], name: "features");
        _model = new Model(inputs, new Dense(3, activation: "softmax", name: "probabilities").Apply(new Dense(8, activation: "relu").Apply(inputs)));
        _modelPath = _dir.File("served_model");
        _model.Save(_modelPath);
    }

    public void Dispose() => _dir.Dispose();

    private WebApplicationFactory<ModelHost> Factory() =>
        new WebApplicationFactory<ModelHost>().WithWebHostBuilder(b => b.UseSetting("ModelPath", _modelPath));

    private float[][] Expected(float[][] rows)
    {
        using Tensor x = Ops.FromArray(rows.SelectMany(r => r).ToArray(), [rows.Length, 4]);
        using Tensor y = _model.Predict(x);
        float[] v = Ops.ToFloatArray(y);
        return Enumerable.Range(0, rows.Length).Select(i => v.Skip(i * 3).Take(3).ToArray()).ToArray();
    }

    private static float[][] Outputs(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("outputs").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray();

    [Fact]
    public async Task Predict_ReturnsTheModelsOutputs()
    {
        using var factory = Factory();
        using HttpClient client = factory.CreateClient();
        float[][] rows = [[0.1f, 0.2f, 0.3f, 0.4f], [1, -1, 2, 0.5f]];

        HttpResponseMessage response = await client.PostAsJsonAsync("/predict", new { inputs = rows });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        float[][] outputs = Outputs(await response.Content.ReadAsStringAsync());
        float[][] expected = Expected(rows);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(expected[i], outputs[i]);
        }
    }

    [Theory]
    [InlineData("{\"inputs\": [[1, 2, 3]]}", "expects 4 features")]
    [InlineData("{\"inputs\": []}", "empty")]
    [InlineData("{\"rows\": [[1, 2, 3, 4]]}", "Expected a JSON object")]
    [InlineData("{\"inputs\": [[1, 2, 3, \"x\"]]}", "not valid JSON")]
    [InlineData("not json", "not valid JSON")]
    public async Task BadRequests_Get400WithAClearMessage(string body, string message)
    {
        using var factory = Factory();
        using HttpClient client = factory.CreateClient();

        HttpResponseMessage response = await client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelAndHealth_DescribeTheService()
    {
        using var factory = Factory();
        using HttpClient client = factory.CreateClient();

        string model = await client.GetStringAsync("/model");
        string health = await client.GetStringAsync("/health");

        Assert.Contains("\"format\":\"tf\"", model, StringComparison.Ordinal);
        Assert.Contains("features", model, StringComparison.Ordinal);
        Assert.Contains("Total params", model, StringComparison.Ordinal);
        Assert.Contains("ok", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHundredConcurrentRequests_AllCorrect_NoTensorLeak()
    {
        using var factory = Factory();
        using HttpClient client = factory.CreateClient();
        ModelHost host = (ModelHost)factory.Services.GetService(typeof(ModelHost))!;

        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            float[][] rows = [[i, i * 0.5f, -i, 1]];
            HttpResponseMessage r = await client.PostAsJsonAsync("/predict", new { inputs = rows });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return (rows, Outputs(await r.Content.ReadAsStringAsync()));
        }).ToList();
        var results = await Task.WhenAll(tasks);

        foreach (var (rows, outputs) in results)
        {
            Assert.Equal(Expected(rows)[0], outputs[0]);
        }

        Assert.Equal(0, host.LeakedTensors);
    }

    [Fact]
    public async Task RealKestrel_ServesOverHttpOnAFreePort()
    {
        WebApplication app = ServiceApp.Build(["--ModelPath", _modelPath, "--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        try
        {
            string url = app.Urls.First();
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Contains("ok", await client.GetStringAsync("/health"), StringComparison.Ordinal);
            HttpResponseMessage response = await client.PostAsJsonAsync("/predict", new { inputs = new[] { new float[] { 1, 2, 3, 4 } } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
