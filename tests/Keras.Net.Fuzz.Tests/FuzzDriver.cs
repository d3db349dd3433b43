// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// The parent side: starts child processes over a range of cases, watches each case's time and the child's resident
/// memory, kills a child that hangs or grows past the limit, records a death when a child exits mid-case, and starts
/// a new child after the case that killed the last one.
/// </summary>
internal static class FuzzDriver
{
    /// <summary>A child is killed when one case runs this long.</summary>
    internal static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(20);

    /// <summary>A child is killed when its resident memory passes this.</summary>
    internal const long KillAboveBytes = 3L << 30;

    internal static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";

    internal static string Assembly => typeof(FuzzDriver).Assembly.Location;

    /// <summary>Runs cases [<paramref name="from"/>, <paramref name="to"/>) in <paramref name="workers"/> parallel children.</summary>
    internal static List<FuzzOutcome> Run(string baseRoot, string workRoot, int from, int to, int workers)
    {
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        int per = (int)Math.Ceiling((to - from) / (double)workers);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = from + (w * per), end = Math.Min(to, start + per);
            foreach (FuzzOutcome o in RunSlice(baseRoot, Path.Combine(workRoot, "w" + w.ToString(CultureInfo.InvariantCulture)), start, end))
            {
                outcomes.Add(o);
            }
        });
        return outcomes.OrderBy(o => o.Id).ToList();
    }

    private static List<FuzzOutcome> RunSlice(string baseRoot, string work, int from, int to)
    {
        var results = new List<FuzzOutcome>();
        int next = from;
        while (next < to)
        {
            Directory.CreateDirectory(work);
            var lines = new BlockingCollection<string>();
            var stderr = new ConcurrentQueue<string>();
            using var child = new Process
            {
                StartInfo = new ProcessStartInfo(Host)
                {
                    ArgumentList = { "exec", Assembly, "child", baseRoot, work, next.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture) },
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                },
            };
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    lines.CompleteAdding();
                }
                else if (e.Data.StartsWith(FuzzOutcome.Prefix, StringComparison.Ordinal))
                {
                    lines.Add(e.Data);
                }
            };
            child.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    stderr.Enqueue(e.Data);
                    while (stderr.Count > 20)
                    {
                        stderr.TryDequeue(out string? _);
                    }
                }
            };
            child.Start();
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();

            int current = -1;
            var started = Stopwatch.StartNew();
            string? killed = null;
            while (true)
            {
                if (lines.TryTake(out string? line, 20) && line is not null)
                {
                    if (line.StartsWith(FuzzOutcome.Prefix + "BEGIN\t", StringComparison.Ordinal))
                    {
                        current = int.Parse(line.Split('\t')[1], CultureInfo.InvariantCulture);
                        started.Restart();
                    }
                    else if (FuzzOutcome.Parse(line) is { } done)
                    {
                        results.Add(done);
                        current = -1;
                        next = done.Id + 1;
                    }

                    continue;
                }

                if (lines.IsCompleted)
                {
                    break;
                }

                if (current >= 0 && started.Elapsed > KillAfter)
                {
                    killed = "hang";
                }
                else if (Rss(child) > KillAboveBytes)
                {
                    killed = "memory";
                }

                if (killed is not null)
                {
                    try
                    {
                        child.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited on its own meanwhile.
                    }

                    break;
                }
            }

            child.WaitForExit();
            if (current >= 0)
            {
                string why = killed ?? "death";
                string detail = killed is null ? $"exit code {child.ExitCode}: {string.Join(" | ", stderr.TakeLast(6))}" : $"killed after {started.ElapsedMilliseconds} ms";
                results.Add(new FuzzOutcome(current, why, started.ElapsedMilliseconds, 0, 0, detail));
                next = current + 1;
            }
            else if (next < to && killed is null)
            {
                // The child ended between cases without finishing: count the next case as a death so the run moves on.
                results.Add(new FuzzOutcome(next, "death", 0, 0, 0, $"child exited with {child.ExitCode} before announcing a case: {string.Join(" | ", stderr.TakeLast(6))}"));
                next++;
            }
        }

        return results;
    }

    private static long Rss(Process p)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{p.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return 0;
        }
    }

    /// <summary>One line per family: counts of each status.</summary>
    internal static IEnumerable<string> Summary(IReadOnlyList<FuzzCase> cases, IReadOnlyList<FuzzOutcome> outcomes) =>
        outcomes.GroupBy(o => cases[o.Id].Family).Select(g =>
            $"{g.Key,-26} {g.Count(),5} cases: " + string.Join(", ", g.GroupBy(o => o.Status).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Count()} {s.Key}")));
}
