// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Serialization;

/// <summary>Keras's snake_case conversion for names derived from C# method names.</summary>
internal static class NameRegistryShim
{
    internal static string Snake(string name) => Backend.NameRegistry.ToSnakeCase(name);
}
