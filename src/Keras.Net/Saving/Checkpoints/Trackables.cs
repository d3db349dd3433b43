// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Optimizers;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>The named dependencies of every kind of object a checkpoint can hold.</summary>
internal static class Trackables
{
    /// <summary>The edges of <paramref name="obj"/>, in tracking order.</summary>
    /// <param name="obj">A layer, model, optimizer, variable, group or <see cref="Checkpoint"/>.</param>
    /// <param name="forRestore">Also offer the legacy names restore matches against (tf.keras &lt;= 2.10 optimizers).</param>
    internal static IReadOnlyList<(string Name, object Child)> Children(object obj, bool forRestore = false) => obj switch
    {
        Variable => [],
        TrackableGroup g => g.Children,
        Checkpoint c => c.CheckpointChildren(),
        Layer l => l.CheckpointChildren(keepPrivatePrefix: false).ToList(),
        Optimizer o => OptimizerChildren(o, forRestore),
        _ => throw new ArgumentException($"Objects of type {obj.GetType().Name} cannot be checkpointed; use layers, models, variables, optimizers or checkpoints."),
    };

    /// <summary>
    /// The TF 2.11+ optimizer's edges (formats.md 3.7): <c>_iterations</c>, <c>_learning_rate</c> and the list
    /// <c>_variables</c> (iteration, then the slots in build order).
    /// </summary>
    private static List<(string Name, object Child)> OptimizerChildren(Optimizer o, bool forRestore)
    {
        var result = new List<(string Name, object Child)> { ("_iterations", o.IterationsVariable) };
        if (o.LearningRateVariable is { } lr)
        {
            result.Add(("_learning_rate", lr));
        }

        var variables = o.Variables.Where(v => !ReferenceEquals(v, o.LearningRateVariable)).ToList();
        result.Add(("_variables", new TrackableGroup(variables.Select((v, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object)v)).ToList())));
        if (forRestore)
        {
            // tf.keras <= 2.10 optimizers: hyper-parameters as variables; slots come through slot_variables.
            result.Add(("iter", o.IterationsVariable));
            if (o.LearningRateVariable is { } rate)
            {
                result.Add(("learning_rate", rate));
            }
        }

        return result;
    }
}
