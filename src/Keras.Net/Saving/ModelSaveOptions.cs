// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>What <see cref="Models.Model.Save"/> asks a format to include.</summary>
/// <param name="IncludeOptimizer">Write the compile settings and optimizer state.</param>
/// <param name="SaveTraces">SavedModel: trace the model's call into TensorFlow functions.</param>
/// <param name="Zipped"><c>.keras</c>: a zip archive (true) or an unzipped folder holding the same files (false).</param>
public sealed record ModelSaveOptions(bool IncludeOptimizer = true, bool SaveTraces = true, bool Zipped = true);
