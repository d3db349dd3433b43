// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Initializers;

namespace Keras.Net;

/// <summary>
/// A Keras variable: a named, shaped tensor that layers and optimizers own (weights, optimizer slots,
/// counters). Its <see cref="Name"/> follows tf.keras (<c>dense/kernel:0</c>), its <see cref="Path"/>
/// Keras 3 (<c>dense/kernel</c>).
/// </summary>
public sealed class Variable : IDisposable
{
    private Tensor _value;
    private bool _disposed;

    /// <summary>Creates a variable holding a copy of <paramref name="initialValue"/>.</summary>
    /// <param name="initialValue">The initial value (copied).</param>
    /// <param name="name">The name (default <c>Variable</c>).</param>
    /// <param name="trainable">Whether gradients update it.</param>
    /// <param name="dtype">The dtype; default that of <paramref name="initialValue"/>.</param>
    public Variable(Tensor initialValue, string? name = null, bool trainable = true, DType? dtype = null)
        : this(name ?? "Variable", NameScope.Qualify(name ?? "Variable"), Prepare(initialValue, dtype), trainable, null)
    {
    }

    /// <summary>Creates a scalar variable.</summary>
    /// <param name="initialValue">The value.</param>
    /// <param name="name">The name.</param>
    /// <param name="trainable">Whether gradients update it.</param>
    /// <param name="dtype">The dtype (default <see cref="KerasBackend.Floatx"/>).</param>
    public Variable(double initialValue, string? name = null, bool trainable = true, DType? dtype = null)
        : this(name ?? "Variable", NameScope.Qualify(name ?? "Variable"), Ops.Scalar(initialValue, dtype), trainable, null)
    {
    }

    /// <summary>Creates an integer scalar variable: int32, as <c>tf.Variable(5)</c> is (no gradients reach integers).</summary>
    /// <param name="initialValue">The value.</param>
    /// <param name="name">The name.</param>
    /// <param name="trainable">Whether it is listed as trainable (Keras keeps the flag; optimizers skip integers).</param>
    /// <param name="dtype">The dtype (default int32).</param>
    public Variable(int initialValue, string? name = null, bool trainable = true, DType? dtype = null)
        : this(name ?? "Variable", NameScope.Qualify(name ?? "Variable"), Ops.Scalar(initialValue, dtype ?? DType.Int32), trainable, null)
    {
    }

    internal Variable(string shortName, string path, Tensor value, bool trainable, Initializer? initializer, bool adopt = false, bool exclusive = false)
    {
        ShortName = shortName;
        Path = path;
        Trainable = trainable;
        Initializer = initializer;
        // Adopted tensors (a TorchSharp module's parameters) are shared, not copied: updates reach the module.
        // Exclusive tensors (just allocated by AddWeight for a loader to fill) are taken over, not copied.
        _value = adopt ? TorchModules.Adopt(value) : TorchParameters.Own(value, trainable, exclusive);
    }

    /// <summary>The name given at creation, without scopes (<c>kernel</c>).</summary>
    public string ShortName { get; }

    /// <summary>The scoped name without the output index (<c>dense/kernel</c>).</summary>
    public string Path { get; }

    /// <summary>The tf.keras name: the scoped name with <c>:0</c> (<c>dense/kernel:0</c>).</summary>
    public string Name => Path + ":0";

    /// <summary>Whether optimizers update this variable.</summary>
    public bool Trainable { get; }

    /// <summary>A projection optimizers apply after every update (e.g. <c>MaxNorm</c>), if any.</summary>
    public Constraints.Constraint? Constraint { get; set; }

    /// <summary>The initializer that produced the value, if any.</summary>
    public Initializer? Initializer { get; }

    /// <summary>The shape.</summary>
    public Shape Shape => Ops.ShapeOf(Value);

    /// <summary>The dtype.</summary>
    public DType DType => Ops.DTypeOf(Value);

    /// <summary>The device the value lives on.</summary>
    public Device Device => Ops.DeviceOf(Value);

    /// <summary>
    /// The live value. For trainable variables this is the tensor gradients flow into. Do not dispose it;
    /// use <see cref="Read"/> for a copy.
    /// </summary>
    public Tensor Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _value;
        }
    }

    /// <summary>A detached copy of the value on the CPU.</summary>
    /// <returns>The copy; the caller owns it.</returns>
    public Tensor Read() => Ops.Copy(Ops.To(Value, Device.Cpu));

    /// <summary>Overwrites the value with <paramref name="value"/> (same shape; cast to this variable's dtype).</summary>
    /// <param name="value">The new value; not retained.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void Assign(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Shape given = Ops.ShapeOf(value);
        if (!given.Equals(Shape))
        {
            throw new ArgumentException(
                $"Cannot assign to variable {Path}: its shape is {Shape} but the value's shape is {given}.", nameof(value));
        }

        Ops.AssignInPlace(Value, value);
    }

    /// <summary>Overwrites a scalar variable's value.</summary>
    /// <param name="value">The value.</param>
    public void Assign(double value)
    {
        using Tensor t = Ops.Full(Shape.ToArray(), value, DType, Device);
        Ops.AssignInPlace(Value, t);
    }

    /// <summary>The value as a flat float array.</summary>
    /// <returns>The values in row-major order.</returns>
    public float[] ToArray() => Ops.ToFloatArray(Value);

    /// <summary>Moves the value to another device (keeps the same variable object).</summary>
    /// <param name="device">The device.</param>
    public void To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (Device.Equals(device))
        {
            return;
        }

        Tensor moved = Ops.To(Value, device);
        Tensor old = _value;
        _value = TorchParameters.Own(moved, Trainable);
        old.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"<Variable '{Name}' shape={Shape} dtype={DType}>";

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _value.Dispose();
        }
    }

    private static Tensor Prepare(Tensor initialValue, DType? dtype)
    {
        ArgumentNullException.ThrowIfNull(initialValue);
        Tensor copy = Ops.Copy(initialValue);
        if (dtype is null || dtype.Equals(Ops.DTypeOf(copy)))
        {
            return copy;
        }

        Tensor cast = Ops.Cast(copy, dtype);
        copy.Dispose();
        return cast;
    }
}
