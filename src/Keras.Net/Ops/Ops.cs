// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>
/// Keras's <c>keras.ops</c>: the tensor operations layers, losses, metrics and optimizers compute with.
/// Together with <c>Backend/</c>, this is the only code that calls TorchSharp. Every operation returns a
/// new tensor and never disposes its inputs.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// Opens a scope that disposes every tensor created inside it, except those passed to
    /// <see cref="TensorScope.Keep(Tensor)"/>. Use it around loops to keep memory flat.
    /// </summary>
    /// <returns>The scope; dispose it to free its tensors.</returns>
    public static TensorScope NewScope()
    {
        NativeLibraryFix.ThrowIfBroken();
        return new(torch.NewDisposeScope());
    }

    /// <summary>Runs without recording gradients until the returned handle is disposed.</summary>
    /// <returns>The handle.</returns>
    public static IDisposable NoGrad() => torch.no_grad();

    /// <summary>Keeps a tensor alive beyond any dispose scope (for variables and caches).</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The same tensor.</returns>
    public static Tensor Detach(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.DetachFromDisposeScope();
    }

    /// <summary>The shape of a tensor as a Keras <see cref="Shape"/>.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>Its shape.</returns>
    public static Shape ShapeOf(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Shape.Of(x.shape);
    }

    /// <summary>The dtype of a tensor.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>Its Keras dtype.</returns>
    public static DType DTypeOf(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return TorchInterop.FromTorch(x.dtype);
    }

    /// <summary>The device a tensor lives on.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>Its device.</returns>
    public static Device DeviceOf(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return TorchInterop.FromTorch(x.device);
    }

    /// <summary>A copy of <paramref name="x"/> on <paramref name="device"/> (or <paramref name="x"/> itself if already there).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="device">The target device.</param>
    /// <returns>The tensor on the device.</returns>
    public static Tensor To(Tensor x, Device device)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(device);
        return x.to(TorchInterop.ToTorch(device));
    }

    /// <summary>Casts to another dtype.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="dtype">The dtype.</param>
    /// <returns>The cast tensor.</returns>
    public static Tensor Cast(Tensor x, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dtype);
        Tensor recorded = x.to_type(TorchInterop.ToTorch(dtype));
        return OpRecording.IsActive ? OpRecording.Record("cast", recorded, [x], new Dictionary<string, object> { ["dtype"] = dtype }) : recorded;
    }

    /// <summary>A detached copy with its own storage.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>The copy.</returns>
    public static Tensor Copy(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return OpRecording.Record("identity", x.detach().clone(), x);
    }

    /// <summary>Copies <paramref name="source"/>'s values into <paramref name="target"/> in place, without recording gradients.</summary>
    /// <param name="target">The tensor written.</param>
    /// <param name="source">The values; same shape.</param>
    public static void AssignInPlace(Tensor target, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        using var noGrad = torch.no_grad();
        using var converted = source.to(target.dtype, target.device);
        target.copy_(converted);
    }

    /// <summary>Whether two tensors have equal shapes and elements within a tolerance.</summary>
    /// <param name="a">The first tensor.</param>
    /// <param name="b">The second tensor.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <returns>Whether they are close.</returns>
    public static bool AllClose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var bb = b.to(a.dtype, a.device);
        return a.allclose(bb, rtol, atol);
    }

    /// <summary>A new tensor object sharing <paramref name="x"/>'s storage (so that disposing one leaves the other).</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>The alias.</returns>
    public static Tensor Alias(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return OpRecording.Record("identity", x.alias(), x);
    }

    /// <summary>Reports a tensor made from values (not from other tensors) to a listening recorder.</summary>
    private static Tensor Constant(Tensor t)
    {
        OpRecording.Current?.Record("constant", [t], [], null);
        return t;
    }
}
