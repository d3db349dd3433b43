// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// The object graph of a Keras SavedModel (formats.md 4.4): the checkpoint edges of every object, plus on each layer
/// the list wrappers <c>variables</c>, <c>trainable_variables</c>, <c>regularization_losses</c> (empty: losses are not
/// saved as functions) and a <c>keras_api</c> object, and on the root the <c>signatures</c> map.
/// </summary>
internal static class SavedModelNodes
{
    /// <summary>tf.keras's plain <c>keras_api</c> object (a <c>_generic_user_object</c>).</summary>
    internal sealed class KerasApi;

    /// <summary>The root's <c>signatures</c> object (<c>signature_map</c>).</summary>
    internal sealed class SignatureMap(IReadOnlyList<(string Name, object Child)> signatures)
    {
        internal IReadOnlyList<(string Name, object Child)> Signatures { get; } = signatures;
    }

    /// <summary>A signature: a bare concrete function.</summary>
    internal sealed class BareFunction(string function, IReadOnlyList<string> keywords)
    {
        internal string Function { get; } = function;

        internal IReadOnlyList<string> Keywords { get; } = keywords;
    }

    internal static Func<object, IReadOnlyList<(string Name, object Child)>> Children(Model root, bool includeOptimizer, SignatureMap? signatures) => obj =>
    {
        switch (obj)
        {
            case KerasApi or BareFunction:
                return [];
            case SignatureMap map:
                return map.Signatures;
            case Layer layer:
            {
                var edges = Trackables.Children(layer).Where(e => includeOptimizer || !ReferenceEquals(layer, root) || e.Name != "optimizer").ToList();
                edges.Add(("variables", Group(layer.Weights)));
                edges.Add(("trainable_variables", Group(layer.TrainableWeights)));
                edges.Add(("regularization_losses", Group([])));
                edges.Add(("keras_api", new KerasApi()));
                if (ReferenceEquals(layer, root) && signatures is not null)
                {
                    edges.Add(("signatures", signatures));
                }

                return edges;
            }

            default:
                return Trackables.Children(obj);
        }
    };

    /// <summary>tf.keras's identifier for a layer object in the object graph and keras_metadata.pb.</summary>
    internal static string Identifier(Layer layer) => layer switch
    {
        Sequential => "_tf_keras_sequential",
        Model { IsGraphNetwork: true } => "_tf_keras_network",
        Model => "_tf_keras_model",
        InputLayer => "_tf_keras_input_layer",
        RecurrentLayer => "_tf_keras_rnn_layer",
        _ => "_tf_keras_layer",
    };

    private static TrackableGroup Group(IReadOnlyList<Variable> variables) =>
        new(variables.Select((v, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object)v)).ToList());
}
