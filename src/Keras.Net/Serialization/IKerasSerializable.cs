// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Serialization;

/// <summary>
/// An object with a Keras config (<c>get_config</c>): initializers, regularizers, constraints, optimizers,
/// losses, metrics and schedules. Layers and models have <see cref="Layers.Layer.GetConfig"/>. Reading back
/// goes through <see cref="KerasSerializer"/>, which calls a <c>public static FromConfig(JsonObject)</c> when
/// the class declares one, or else the constructor whose parameters match the config's keys.
/// </summary>
public interface IKerasSerializable
{
    /// <summary>The config: constructor arguments by their Keras (snake_case) names, in Keras's key order.</summary>
    /// <returns>A new JSON object.</returns>
    JsonObject GetConfig();
}
