// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// The child process entry (the test assembly runs itself): <c>child base work from to</c> runs cases;
/// <c>drive base work from to [workers]</c> runs the parent by hand and prints the report (for debugging a case);
/// <c>save format path seed</c> saves repeatedly (the kill tests); <c>native</c> creates a layer (the native-library tests).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        int Arg(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
        switch (args.FirstOrDefault())
        {
            case "child":
                return ChildRunner.Run(args[1], args[2], Arg(3), Arg(4));
            case "drive":
            {
                BaseFiles.Ensure(args[1]);
                var cases = FuzzCatalog.All(args[1]);
                var outcomes = FuzzDriver.Run(args[1], args[2], Arg(3), Math.Min(Arg(4), cases.Count), args.Length > 5 && int.TryParse(args[5], out int w) ? w : 2);
                foreach (FuzzOutcome o in outcomes.Where(o => o.Status != "ok" && o.Status != "refused" || args.Contains("-v")))
                {
                    Console.WriteLine($"{o.Id}\t{cases[o.Id].Family}\t{o.Status}\t{o.Milliseconds}ms\t{o.Detail}");
                }

                foreach (string line in FuzzDriver.Summary(cases, outcomes))
                {
                    Console.WriteLine(line);
                }

                return outcomes.Any(o => o.IsViolation) ? 1 : 0;
            }

            case "native":
                try
                {
                    using var layer = new Keras.Net.Layers.Dense(1);
                    Console.WriteLine("NATIVE OK");
                    return 0;
                }
                catch (Exception e)
                {
                    Console.WriteLine($"NATIVE FAILED {e.GetType().FullName}: {e.Message}");
                    return 3;
                }

            case "save":
                return SaveLoop.Run(args[1], args[2], Arg(3));
            default:
                Console.Error.WriteLine("usage: child|drive base work from to | save format path seed");
                return 2;
        }
    }
}
