// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Callbacks;

/// <summary>Stops training as soon as a batch's loss is NaN or infinite.</summary>
/// <param name="writer">Where to print (default the console).</param>
public sealed class TerminateOnNaN(TextWriter? writer = null) : Callback
{
    private readonly TextWriter _writer = writer ?? Console.Out;

    /// <inheritdoc />
    protected internal override bool NeedsBatchLogs => true;

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.TryGetValue("loss", out double loss) && (double.IsNaN(loss) || double.IsInfinity(loss)))
        {
            _writer.WriteLine($"Batch {batch}: Invalid loss, terminating training");
            Model!.StopTraining = true;
        }
    }
}
