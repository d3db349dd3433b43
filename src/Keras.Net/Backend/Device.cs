// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>
/// Where tensors and variables live: the CPU (the default) or a CUDA device. A model and everything it
/// creates live on one device; <see cref="Keras.Net.Models.Model.To(Device)"/> moves it.
/// </summary>
public sealed class Device : IEquatable<Device>
{
    private Device(bool isCuda, int index)
    {
        IsCuda = isCuda;
        Index = index;
    }

    /// <summary>The CPU.</summary>
    public static Device Cpu { get; } = new(false, -1);

    /// <summary>Whether a CUDA libtorch is loaded and at least one CUDA device is visible.</summary>
    public static bool IsCudaAvailable => TorchInterop.CudaAvailable();

    /// <summary>Whether this is a CUDA device.</summary>
    public bool IsCuda { get; }

    /// <summary>The CUDA device index, or -1 for the CPU.</summary>
    public int Index { get; }

    /// <summary>A CUDA device.</summary>
    /// <param name="index">The device ordinal.</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static Device Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new Device(true, index);
    }

    /// <summary>Parses <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c>.</summary>
    /// <param name="name">The device name.</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentException">The name is not a known device.</exception>
    public static Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu")
        {
            return Cpu;
        }

        if (n == "cuda" || n == "gpu")
        {
            return Cuda();
        }

        if ((n.StartsWith("cuda:", StringComparison.Ordinal) || n.StartsWith("gpu:", StringComparison.Ordinal))
            && int.TryParse(n[(n.IndexOf(':', StringComparison.Ordinal) + 1)..], out int i) && i >= 0)
        {
            return Cuda(i);
        }

        throw new ArgumentException($"Unknown device: '{name}'. Expected \"cpu\", \"cuda\" or \"cuda:N\".", nameof(name));
    }

    /// <inheritdoc />
    public bool Equals(Device? other) => other is not null && other.IsCuda == IsCuda && other.Index == Index;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Device);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsCuda, Index);

    /// <inheritdoc />
    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
