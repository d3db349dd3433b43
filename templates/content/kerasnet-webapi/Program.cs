using Keras.Net;
using Keras.Net.Models;
using Tensor = TorchSharp.torch.Tensor;

// Loads the model once at start-up (ModelPath: appsettings.json, an environment variable or --ModelPath).
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
string modelPath = builder.Configuration["ModelPath"] ?? throw new InvalidOperationException("Set ModelPath to a saved model.");
Model model = Model.Load(modelPath, compile: false);
int features = (int)(model.Inputs[0].Shape[1] ?? throw new InvalidOperationException("The model's input needs a known feature count."));
var gate = new object();
WebApplication app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapGet("/model", () => Results.Ok(new { name = model.Name, path = modelPath, features, parameters = model.CountParams() }));
app.MapPost("/predict", (PredictRequest request) =>
{
    if (request.Inputs is not { Length: > 0 } rows || rows.Any(r => r is null || r.Length != features))
    {
        return Results.BadRequest(new { error = $"Send {{\"inputs\": [[...], ...]}}: one row of {features} numbers per sample." });
    }

    // One forward pass at a time (libtorch parallelizes inside it); every tensor of the call is freed on return.
    lock (gate)
    {
        using TensorScope scope = Ops.NewScope();
        Tensor x = Ops.FromArray(rows.SelectMany(r => r).ToArray(), [rows.Length, features]);
        float[] flat = Ops.ToFloatArray(model.Predict(x));
        int width = flat.Length / rows.Length;
        return Results.Ok(new { outputs = Enumerable.Range(0, rows.Length).Select(i => flat[(i * width)..((i + 1) * width)]).ToArray() });
    }
});

app.Run();

/// <summary>The body of POST /predict.</summary>
/// <param name="Inputs">One row of features per sample.</param>
internal sealed record PredictRequest(float[][]? Inputs);
