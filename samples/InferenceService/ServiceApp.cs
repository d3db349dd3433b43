// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Keras.Net.Samples.InferenceService;

/// <summary>Builds the web application: the model is loaded once at start-up from the <c>ModelPath</c> setting.</summary>
public static class ServiceApp
{
    /// <summary>Creates the application (not started).</summary>
    /// <param name="args">Command-line arguments (<c>--ModelPath</c>, <c>--urls</c>, ...).</param>
    /// <returns>The application.</returns>
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        string modelPath = builder.Configuration["ModelPath"]
            ?? throw new InvalidOperationException("Set ModelPath (appsettings.json, the ModelPath environment variable or --ModelPath) to a saved model.");
        builder.Services.AddSingleton(new ModelHost(modelPath));
        WebApplication app = builder.Build();

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/model", (ModelHost host) => Results.Ok(host.Describe()));
        app.MapPost("/predict", async (HttpRequest request, ModelHost host) =>
        {
            PredictRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<PredictRequest>(request.Body, JsonOptions).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"The body is not valid JSON: {e.Message}" });
            }

            if (body?.Inputs is null)
            {
                return Results.BadRequest(new { error = "Expected a JSON object {\"inputs\": [[...], ...]} with one row per sample." });
            }

            return host.Validate(body.Inputs) is { } problem
                ? Results.BadRequest(new { error = problem })
                : Results.Ok(new { outputs = host.Predict(body.Inputs) });
        });
        return app;
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}
