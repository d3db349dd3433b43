// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Callbacks;

/// <summary>
/// Prints <c>Epoch 1/2</c> and a <see cref="Progbar"/> per epoch (added by <c>Fit</c> when verbose is not 0;
/// pass one yourself to print elsewhere than the console).
/// </summary>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private Progbar? _bar;
    private int _seen;
    private int _epochs;

    /// <summary>Creates the logger.</summary>
    /// <param name="writer">Where to print (default the console).</param>
    /// <param name="interactive">Redraw in place; default: true only for a console that is not redirected.</param>
    public ProgbarLogger(TextWriter? writer = null, bool? interactive = null)
    {
        _writer = writer ?? Console.Out;
        _interactive = interactive ?? (writer is null && !Console.IsOutputRedirected);
    }

    private int Verbose => Params.TryGetValue("verbose", out int v) ? v : 1;

    /// <inheritdoc />
    protected internal override bool NeedsBatchLogs => _interactive && Verbose == 1;

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs) =>
        _epochs = Params.TryGetValue("epochs", out int e) ? e : 1;

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
        if (Verbose != 0 && _epochs > 1)
        {
            _writer.WriteLine($"Epoch {epoch + 1}/{_epochs}");
        }

        _bar = NewBar();
    }

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
        _seen = batch + 1;
        _bar?.Update(_seen, logs);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        _bar?.Update(_seen, logs, finalize: true);
        _bar = null;
    }

    /// <inheritdoc />
    public override void OnTestBegin(IDictionary<string, double> logs)
    {
        if (Model is null || !Model.IsTraining)
        {
            _bar = NewBar();
        }
    }

    /// <inheritdoc />
    public override void OnTestBatchEnd(int batch, IDictionary<string, double> logs)
    {
        if (Model is null || !Model.IsTraining)
        {
            _seen = batch + 1;
            _bar?.Update(_seen, logs);
        }
    }

    /// <inheritdoc />
    public override void OnTestEnd(IDictionary<string, double> logs)
    {
        if (Model is null || !Model.IsTraining)
        {
            _bar?.Update(_seen, logs, finalize: true);
            _bar = null;
        }
    }

    private Progbar? NewBar()
    {
        _seen = 0;
        return Verbose == 0 ? null : new Progbar(Params.TryGetValue("steps", out int s) && s > 0 ? s : null, _writer, Verbose, _interactive);
    }
}
