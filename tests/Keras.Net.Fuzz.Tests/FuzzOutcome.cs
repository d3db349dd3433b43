// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Fuzz.Tests;

/// <summary>How one case ended, as the parent saw it.</summary>
/// <param name="Id">The case.</param>
/// <param name="Status"><c>ok</c>, <c>refused</c> (an exception in the contract) or a violation kind.</param>
/// <param name="Milliseconds">Wall time of the call in the child.</param>
/// <param name="PeakRssMiB">Peak resident memory above the level before the case.</param>
/// <param name="AllocatedMiB">Managed bytes allocated during the case.</param>
/// <param name="Detail">The exception type and message, shortened.</param>
internal sealed record FuzzOutcome(int Id, string Status, long Milliseconds, long PeakRssMiB, long AllocatedMiB, string Detail)
{
    internal const string Prefix = "@@FUZZ ";

    /// <summary>Statuses that break the contract (docs/errors.md).</summary>
    internal static readonly string[] Violations = ["death", "hang", "memory", "escaped", "outside", "message"];

    internal bool IsViolation => Violations.Contains(Status);

    internal string ToLine() => string.Join('\t', Prefix + "END", Id.ToString(CultureInfo.InvariantCulture), Status,
        Milliseconds.ToString(CultureInfo.InvariantCulture), PeakRssMiB.ToString(CultureInfo.InvariantCulture),
        AllocatedMiB.ToString(CultureInfo.InvariantCulture), Sanitize(Detail));

    internal static FuzzOutcome? Parse(string line)
    {
        if (!line.StartsWith(Prefix + "END\t", StringComparison.Ordinal))
        {
            return null;
        }

        string[] f = line[Prefix.Length..].Split('\t', 7);
        return f.Length < 7 ? null : new FuzzOutcome(int.Parse(f[1], CultureInfo.InvariantCulture), f[2],
            long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture),
            long.Parse(f[5], CultureInfo.InvariantCulture), f[6]);
    }

    private static string Sanitize(string s)
    {
        string one = s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        return one.Length > 400 ? one[..400] + "..." : one;
    }
}
