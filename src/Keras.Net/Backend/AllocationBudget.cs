// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>
/// While a loader builds a model from a file's config, caps the bytes new weights and optimizer slots may claim on
/// this thread: a 5 KB config declaring <c>units: 1e9</c> is refused before anything is allocated, instead of after
/// gigabytes. The cap comes from the file (its weights cannot be larger than the bytes it holds).
/// </summary>
internal sealed class AllocationBudget : IDisposable
{
    /// <summary>What a budget allows beyond its file's size (bookkeeping variables, small layers without saved weights).</summary>
    internal const long Slack = 64L << 20;

    [ThreadStatic]
    private static AllocationBudget? t_current;

    private readonly AllocationBudget? _outer;
    private readonly long _limit;
    private readonly string _file;
    private long _claimed;

    private AllocationBudget(long limit, string file)
    {
        _outer = t_current;
        _limit = limit;
        _file = file;
        t_current = this;
    }

    /// <summary>
    /// Opens a budget for loading <paramref name="file"/>, whose weights occupy at most <paramref name="fileBytes"/>:
    /// weights, plus two optimizer slots each, plus <see cref="Slack"/>.
    /// </summary>
    internal static AllocationBudget ForFile(long fileBytes, string file) =>
        new(SaturatingAdd(SaturatingMultiply(Math.Max(0, fileBytes), 3), Slack), file);

    /// <summary>Claims the bytes of a new variable of <paramref name="shape"/>; throws when the open budget is exceeded.</summary>
    /// <exception cref="KerasFormatException">The file's config asks for more memory than its weights can fill.</exception>
    internal static void Claim(long[] shape, DType dtype, string what)
    {
        if (t_current is not { } budget)
        {
            return;
        }

        long bytes = dtype.Name is "float64" or "int64" ? 8 : 4;
        foreach (long d in shape)
        {
            bytes = d < 0 ? long.MaxValue : SaturatingMultiply(bytes, d);
        }

        budget._claimed = SaturatingAdd(budget._claimed, bytes);
        if (budget._claimed > budget._limit)
        {
            throw new KerasFormatException(
                $"{what} of shape [{string.Join(", ", shape)}] would bring the model to {budget._claimed} bytes, more than the file's weights can fill ({budget._limit} bytes allowed). The config does not match the weights; the file is corrupt or hostile.",
                null,
                budget._file);
        }
    }

    public void Dispose() => t_current = _outer;

    private static long SaturatingMultiply(long a, long b) =>
        a == 0 || b == 0 ? 0 : a > long.MaxValue / b ? long.MaxValue : a * b;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
