// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;

namespace Keras.Net.Models;

/// <summary>The model's edges in a TensorFlow object graph (formats.md 3.7).</summary>
public partial class Model
{
    /// <summary>
    /// Sequential and functional models: <c>layer_with_weights-k</c> then <c>layer-i</c> for each entry of
    /// <see cref="Layers"/> (tf.keras's <c>_layer_checkpoint_dependencies</c>); subclassed models: their tracked
    /// members. Then the compiled <c>optimizer</c>.
    /// </summary>
    internal override IEnumerable<(string Name, object Child)> CheckpointChildren(bool keepPrivatePrefix)
    {
        var result = new List<(string Name, object Child)>();
        if (this is Sequential || IsGraphNetwork)
        {
            int withWeights = 0;
            IReadOnlyList<Layer> layers = Layers;
            for (int i = 0; i < layers.Count; i++)
            {
                if (layers[i].Weights.Count > 0)
                {
                    result.Add(($"layer_with_weights-{withWeights++}", layers[i]));
                }

                result.Add(($"layer-{i}", layers[i]));
            }
        }
        else
        {
            result.AddRange(base.CheckpointChildren(keepPrivatePrefix));
        }

        if (Optimizer is not null)
        {
            result.Add(("optimizer", Optimizer));
        }

        return result;
    }
}
