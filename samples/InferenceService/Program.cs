// SPDX-License-Identifier: Apache-2.0
// An ASP.NET minimal API serving a saved Keras model: POST /predict, GET /model, GET /health.
// Start it with: dotnet run --project samples/InferenceService --urls http://127.0.0.1:5000 -- --ModelPath path/to/model
Keras.Net.Samples.InferenceService.ServiceApp.Build(args).Run();
