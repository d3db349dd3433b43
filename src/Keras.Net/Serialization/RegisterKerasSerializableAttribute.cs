// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Serialization;

/// <summary>
/// Registers a class for deserialization by name, as Keras's <c>@register_keras_serializable</c>: found
/// without any registration call, under the key <c>"Package&gt;Name"</c> (default package <c>Custom</c>,
/// default name the class name).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RegisterKerasSerializableAttribute : Attribute
{
    /// <summary>The package (default <c>Custom</c>).</summary>
    public string Package { get; set; } = "Custom";

    /// <summary>The name (default the class name).</summary>
    public string? Name { get; set; }
}
