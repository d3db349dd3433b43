// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Callbacks;

/// <summary>Sets the learning rate at the start of every epoch from <c>schedule(epoch, currentRate)</c>; adds <c>lr</c> to the epoch logs.</summary>
/// <param name="schedule">The new rate from the 0-based epoch and the current rate.</param>
/// <param name="verbose">1 prints each change.</param>
/// <param name="writer">Where to print (default the console).</param>
public sealed class LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0, TextWriter? writer = null) : Callback
{
    private readonly TextWriter _writer = writer ?? Console.Out;

    /// <summary>The schedule.</summary>
    public Func<int, double, double> Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
        var optimizer = Model!.Optimizer!;
        double lr = Schedule(epoch, optimizer.LearningRate);
        if (double.IsNaN(lr) || double.IsInfinity(lr))
        {
            throw new InvalidOperationException($"The output of the \"schedule\" function should be a finite float. Got: {lr}");
        }

        optimizer.LearningRate = lr;
        if (verbose > 0)
        {
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}."));
        }
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        logs["lr"] = Model!.Optimizer!.LearningRate;
    }
}
