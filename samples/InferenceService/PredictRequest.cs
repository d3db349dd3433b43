// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Samples.InferenceService;

/// <summary>The body of <c>POST /predict</c>: one row of input features per sample.</summary>
/// <param name="Inputs">The samples.</param>
public sealed record PredictRequest(float[][]? Inputs);
