// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Optimizers;

/// <summary>A per-variable state an optimizer keeps (Adam's <c>m</c> and <c>v</c>), with its names in both Keras generations.</summary>
/// <param name="TfKerasName">The tf.keras 2.x slot name (<c>m</c>, <c>v</c>, <c>vhat</c>, <c>momentum</c>, <c>rms</c>, ...).</param>
/// <param name="Keras3Name">The Keras 3 name (<c>momentum</c>, <c>velocity</c>, <c>velocity_hat</c>, ...).</param>
/// <param name="InitialValue">The value every element starts at.</param>
public sealed record SlotDefinition(string TfKerasName, string Keras3Name, double InitialValue = 0.0);
