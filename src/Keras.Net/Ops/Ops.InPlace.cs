// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net;

/// <summary>In-place updates for optimizer and metric state. They never record gradients.</summary>
public static partial class Ops
{
    /// <summary>target += alpha * other.</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="other">The addend.</param>
    /// <param name="alpha">Its factor.</param>
    public static void AddInPlace(Tensor target, Tensor other, double alpha = 1.0)
    {
        using var ng = torch.no_grad();
        NotNull(target).add_(NotNull(other), alpha);
    }

    /// <summary>target += value.</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="value">The scalar.</param>
    public static void AddInPlace(Tensor target, double value)
    {
        using var ng = torch.no_grad();
        if (NotNull(target).is_floating_point())
        {
            target.add_(value);
        }
        else
        {
            target.add_((long)value);
        }
    }

    /// <summary>target *= value.</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="value">The scalar.</param>
    public static void MultiplyInPlace(Tensor target, double value)
    {
        using var ng = torch.no_grad();
        NotNull(target).mul_(value);
    }

    /// <summary>target += value * a * b.</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="a">First factor.</param>
    /// <param name="b">Second factor.</param>
    /// <param name="value">Scalar factor.</param>
    public static void AddProductInPlace(Tensor target, Tensor a, Tensor b, double value)
    {
        using var ng = torch.no_grad();
        NotNull(target).addcmul_(NotNull(a), NotNull(b), value);
    }

    /// <summary>target += value * a / b.</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="a">Numerator.</param>
    /// <param name="b">Denominator.</param>
    /// <param name="value">Scalar factor.</param>
    public static void AddQuotientInPlace(Tensor target, Tensor a, Tensor b, double value)
    {
        using var ng = torch.no_grad();
        NotNull(target).addcdiv_(NotNull(a), NotNull(b), value);
    }

    /// <summary>target += (end - target) * weight (Keras's <c>m.assign_add((g - m) * (1 - beta))</c>).</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="end">The value moved towards.</param>
    /// <param name="weight">The fraction moved.</param>
    public static void LerpInPlace(Tensor target, Tensor end, double weight)
    {
        using var ng = torch.no_grad();
        NotNull(target).lerp_(NotNull(end), weight);
    }

    /// <summary>target = max(target, other).</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="other">The other operand.</param>
    public static void MaximumInPlace(Tensor target, Tensor other)
    {
        using var ng = torch.no_grad();
        using Tensor m = NotNull(target).maximum(NotNull(other));
        target.copy_(m);
    }

    /// <summary>target = source (same shape; converted to target's dtype and device).</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="source">The values.</param>
    public static void CopyInPlace(Tensor target, Tensor source) => AssignInPlace(target, source);

    /// <summary>Clamps in place.</summary>
    /// <param name="target">The tensor updated.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    public static void ClipInPlace(Tensor target, double min, double max)
    {
        using var ng = torch.no_grad();
        NotNull(target).clamp_(min, max);
    }

    /// <summary>The gradients of a scalar <paramref name="loss"/> with respect to <paramref name="variables"/> (zeros where unused).</summary>
    /// <param name="loss">A scalar tensor computed from the variables.</param>
    /// <param name="variables">The variables' live tensors.</param>
    /// <returns>One gradient per variable, same shapes.</returns>
    /// <exception cref="ArgumentException"><paramref name="loss"/> is not a scalar (libtorch would abort the process).</exception>
    public static IReadOnlyList<Tensor> Gradients(Tensor loss, IReadOnlyList<Tensor> variables)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count == 0)
        {
            return [];
        }

        if (loss.NumberOfElements != 1)
        {
            throw new ArgumentException($"Gradients: the loss must be a scalar (one element), got shape [{string.Join(", ", loss.shape)}]. Reduce it first, e.g. Ops.Mean(loss), as Keras's loss functions do.", nameof(loss));
        }

        if (!loss.requires_grad)
        {
            // Nothing to differentiate through (constants only, or every variable frozen): Keras gives no gradients.
            return variables.Select(v => torch.zeros_like(v)).ToArray();
        }

        IList<Tensor> grads = torch.autograd.grad([loss], variables.ToArray(), allow_unused: true);
        var result = new Tensor[variables.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = grads[i] is { IsInvalid: false } g ? g : torch.zeros_like(variables[i]);
        }

        return result;
    }

    /// <summary>The L2 norm of all elements.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Norm(Tensor x) => NotNull(x).norm();

    /// <summary>Whether every element is finite.</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>True when no NaN or infinity is present.</returns>
    public static bool AllFinite(Tensor x)
    {
        using Tensor finite = NotNull(x).isfinite();
        using Tensor all = finite.all();
        return all.item<bool>();
    }
}
