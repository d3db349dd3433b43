// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>
/// Real tf.keras SavedModels from public repositories (../shared/fixtures/wild-sm): TensorFlow's own graph (for the
/// RNNs a While loop over TensorList ops; for the autoencoder ResizeNearestNeighbor), run by the interpreter, agrees
/// with Keras.Net's layers rebuilt from the same folder by <c>Model.Load</c>: two independent implementations.
/// </summary>
public sealed class WildRecurrentSavedModelTests : KerasTestBase
{
    [FixtureTheory]
    [InlineData("wild-sm/folders/001_Beagle-Boys_Music-Genre-Classification_gru_model")]
    [InlineData("wild-sm/folders/019_Aigle-2_Projet-LSTM-Keras-C--_models")]
    [InlineData("wild-sm/folders/037_ap-dev42_NLX_assignment_apatula_stock_model")]
    [InlineData("wild-sm/folders/029_kroax9797_AutoEncoder_denoiser")]
    public void TheServingGraphsWhileLoop_MatchesTheKerasLayers(string folder)
    {
        string path = Fixtures.PathOf(folder);
        using SavedModel graph = SavedModel.Load(path);
        SavedModelSignature serving = graph.Signatures["serving_default"];
        long[] shape = Assert.Single(serving.Inputs).Shape!.Select(d => d ?? 2).ToArray();
        using Tensor x = Ops.RandomUniform(shape, minval: -1, maxval: 1, seed: 5);
        using Tensor expected = serving.Call(x);

        using Model model = Model.Load(path, compile: false);
        using Tensor actual = model.Predict(x);

        TensorAssert.Equal(expected, actual, atol: 1e-5);
    }
}
