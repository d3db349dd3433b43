// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving;

/// <summary>What <see cref="Models.Model.Save(string, ModelSaveOptions, string, bool)"/> asks a format to include.</summary>
/// <param name="IncludeOptimizer">Write the compile settings and optimizer state.</param>
/// <param name="SaveTraces">SavedModel: trace the model's call into TensorFlow functions.</param>
/// <param name="Zipped"><c>.keras</c>: a zip archive (true) or an unzipped folder holding the same files (false).</param>
/// <param name="LegacyOptimizerLayout">
/// <c>.h5</c>: write the optimizer as tf.keras &lt;= 2.10 does (<c>Adam/iter:0</c>, <c>Adam/dense/kernel/m:0</c>, every
/// variable's first slot then every variable's second, and the legacy optimizer config), which a 2.10 reader restores
/// and a 2.11+ reader does not; false writes the 2.11+ layout. Adam and RMSprop only.
/// </param>
public sealed record ModelSaveOptions(bool IncludeOptimizer = true, bool SaveTraces = true, bool Zipped = true, bool LegacyOptimizerLayout = false);
