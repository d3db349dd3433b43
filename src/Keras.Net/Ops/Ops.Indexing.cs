// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using TorchSharp;

namespace Keras.Net;

/// <summary>Indexing and encoding ops TensorFlow graphs use (feature columns, sparse inputs).</summary>
public static partial class Ops
{
    /// <summary>Element-wise <c>a != b</c>.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand (broadcast).</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor NotEqual(Tensor a, Tensor b) => OpRecording.Record("not_equal", NotNull(a).ne(NotNull(b)), a, b);

    /// <summary>Element-wise <c>a &gt;= b</c>.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand (broadcast).</param>
    /// <returns>A boolean tensor.</returns>
    public static Tensor GreaterEqual(Tensor a, Tensor b) => OpRecording.Record("greater_equal", NotNull(a).ge(NotNull(b)), a, b);

    /// <summary>The coordinates of the true (non-zero) elements, one row per element, row-major (TensorFlow's <c>Where</c>).</summary>
    /// <param name="x">The tensor.</param>
    /// <returns>An int64 tensor of shape (count, rank).</returns>
    public static Tensor NonZero(Tensor x) => NotNull(x).nonzero();

    /// <summary>One-hot encoding along a new last axis (TensorFlow's <c>OneHot</c>): indices outside [0, depth) give all-off rows.</summary>
    /// <param name="indices">Integer indices.</param>
    /// <param name="depth">The number of classes.</param>
    /// <param name="onValue">The value at the index.</param>
    /// <param name="offValue">The value elsewhere.</param>
    /// <param name="dtype">The result's dtype.</param>
    /// <returns>A tensor of shape indices.shape + (depth,).</returns>
    public static Tensor OneHot(Tensor indices, long depth, double onValue, double offValue, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using Tensor classes = torch.arange(depth, torch.ScalarType.Int64, indices.device);
        using Tensor expanded = indices.to_type(torch.ScalarType.Int64).unsqueeze(-1);
        using Tensor hit = expanded.eq(classes);
        using Tensor on = torch.full([], onValue, TorchInterop.ToTorch(dtype), indices.device);
        using Tensor off = torch.full([], offValue, TorchInterop.ToTorch(dtype), indices.device);
        Tensor recorded = torch.where(hit, on, off);
        return OpRecording.IsActive ? OpRecording.Record("one_hot", recorded, [indices], new Dictionary<string, object> { ["depth"] = depth, ["on"] = onValue, ["off"] = offValue }) : recorded;
    }

    /// <summary>The bucket of each element: the number of boundaries less than or equal to it (TensorFlow's <c>Bucketize</c>).</summary>
    /// <param name="x">The values.</param>
    /// <param name="boundaries">Sorted boundaries.</param>
    /// <returns>An int32 tensor of x's shape.</returns>
    public static Tensor Bucketize(Tensor x, float[] boundaries)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(boundaries);
        using Tensor b = torch.tensor(boundaries, torch.ScalarType.Float32, x.device);
        using Tensor values = x.to_type(torch.ScalarType.Float32);
        using Tensor buckets = torch.bucketize(values, b, false, true);
        Tensor recorded = buckets.to_type(torch.ScalarType.Int32);
        return OpRecording.IsActive ? OpRecording.Record("bucketize", recorded, [x], new Dictionary<string, object> { ["boundaries"] = boundaries }) : recorded;
    }
}
