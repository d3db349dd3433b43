// SPDX-License-Identifier: Apache-2.0
using Xunit.Abstractions;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// Every generated case, each in a child process under a time and memory watch: no process death, no hang over 2 s
/// (of CPU time; 10 s of wall time),
/// no memory over 1 GiB, no exception outside the contract, no read outside the model's folder (docs/errors.md).
/// </summary>
public sealed class HostileFileTests(ITestOutputHelper output)
{
    /// <summary>
    /// The one known exception, documented in docs/errors.md: PureHDF allocates the byte count an HDF5 structure
    /// declares (an <c>int</c>, so below 2 GiB) before it checks the file's length. The array is never touched (the
    /// peak RSS stays flat) and the read fails with "The file is too small", which arrives as a KerasFormatException.
    /// </summary>
    private static bool IsPureHdfUntouchedAllocation(FuzzOutcome o) =>
        o.Status == "memory" && o.PeakRssMiB < 1024 && o.Detail.Contains("(The file is too small)", StringComparison.Ordinal);

    [Fact]
    public void EveryHostileFile_IsRefusedWithinTheContract()
    {
        string root = Path.Combine(Path.GetTempPath(), "kerasnet-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string baseRoot = Path.Combine(root, "base");
            BaseFiles.Ensure(baseRoot);
            IReadOnlyList<FuzzCase> cases = FuzzCatalog.All(baseRoot);
            Assert.True(cases.Count >= 2000, $"only {cases.Count} cases");

            List<FuzzOutcome> outcomes = FuzzDriver.Run(baseRoot, Path.Combine(root, "work"), 0, cases.Count, workers: 2);

            foreach (string line in FuzzDriver.Summary(cases, outcomes))
            {
                output.WriteLine(line);
            }

            Assert.Equal(cases.Count, outcomes.Select(o => o.Id).Distinct().Count());
            var known = outcomes.Where(IsPureHdfUntouchedAllocation).ToList();
            var violations = outcomes.Where(o => o.IsViolation && !IsPureHdfUntouchedAllocation(o)).ToList();
            foreach (FuzzOutcome o in known)
            {
                output.WriteLine($"known (PureHDF, untouched): #{o.Id} {cases[o.Id].Family}: {o.Detail}");
            }

            Assert.True(known.Count <= 10, $"{known.Count} untouched PureHDF allocations; more than the few the generators hit by chance.");
            Assert.True(violations.Count == 0, string.Join("\n", violations.Take(30).Select(o => $"#{o.Id} {cases[o.Id].Family} {o.Status} ({o.Milliseconds} ms): {o.Detail}")));
            Assert.True(outcomes.Count(o => o.Status == "refused") > cases.Count / 2, "most damaged files must be refused; the generators may have stopped damaging them");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
