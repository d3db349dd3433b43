// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Layers;

/// <summary>Losses and metrics a layer adds (Keras's <c>add_loss</c> and <c>add_metric</c>).</summary>
public abstract partial class Layer
{
    private readonly List<Func<Tensor>> _lossFunctions = [];
    private readonly List<Tensor> _lastCallLosses = [];

    /// <summary>
    /// The losses of this layer and its nested layers: those added during the last eager call, then the
    /// current values of loss functions added with <see cref="AddLoss(Func{Tensor})"/>. The caller owns them.
    /// </summary>
    public IReadOnlyList<Tensor> Losses =>
        _lastCallLosses.Select(Ops.Copy).Concat(CollectLossFunctions().Select(f => f())).ToArray();

    /// <summary>Adds a loss computed during a call (e.g. an activity regularization term); training adds it to the total loss.</summary>
    /// <param name="loss">A scalar tensor that depends on the call's inputs.</param>
    protected void AddLoss(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (CallContext.Current is CallContext context)
        {
            context.Losses.Add(loss);
        }
        else
        {
            // Nobody collects losses outside a call context: free the tensor rather than leave it in the caller's scope.
            loss.Dispose();
        }
    }

    /// <summary>Adds a loss re-evaluated at every training step (e.g. a weight regularization term).</summary>
    /// <param name="lossFunction">Returns a scalar tensor.</param>
    public void AddLoss(Func<Tensor> lossFunction)
    {
        ArgumentNullException.ThrowIfNull(lossFunction);
        _lossFunctions.Add(lossFunction);
    }

    /// <summary>Logs a value under <paramref name="name"/>; training reports its mean over the epoch.</summary>
    /// <param name="value">A tensor (its mean is taken).</param>
    /// <param name="name">The log key.</param>
    protected void AddMetric(Tensor value, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(name);
        CallContext.Current?.Metrics.Add((name, value));
    }

    /// <summary>The loss functions of this layer and every nested layer.</summary>
    internal IEnumerable<Func<Tensor>> CollectLossFunctions() =>
        _lossFunctions.Concat(ChildLayers.SelectMany(c => c.CollectLossFunctions()));

    /// <summary>Keeps copies of the losses added during an eager call (replacing the previous call's).</summary>
    private protected void RememberCallLosses(IReadOnlyList<Tensor> losses)
    {
        foreach (Tensor t in _lastCallLosses)
        {
            t.Dispose();
        }

        _lastCallLosses.Clear();
        _lastCallLosses.AddRange(losses.Select(l => Ops.Detach(Ops.Copy(l))));
    }
}
