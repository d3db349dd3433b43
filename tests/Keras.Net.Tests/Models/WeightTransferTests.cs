// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>The guide's in-memory weight transfer examples.</summary>
public sealed class WeightTransferTests : KerasTestBase
{
    [Fact]
    public void SetWeights_FunctionalToSubclassed_EveryWeightEqual()
    {
        Model functionalModel = GuideModels.CreateFunctionalModel();
        var model = new GuideModels.SubclassedModel(10);
        using (Tensor ones = Ops.Ones([1, 784]))
        using (Tensor created = model.Apply(ones))
        {
            TensorAssert.Shape(created, 1, 10);
        }

        model.SetWeights(functionalModel.GetWeights());

        Assert.Equal(functionalModel.Weights.Count, model.Weights.Count);
        for (int i = 0; i < model.Weights.Count; i++)
        {
            Assert.Equal(functionalModel.Weights[i].Shape, model.Weights[i].Shape);
            Assert.Equal(functionalModel.Weights[i].ToArray(), model.Weights[i].ToArray());
        }
    }

    [Fact]
    public void SetWeights_PlainToDropoutModel_StatelessLayerChangesNothing()
    {
        Model functionalModel = GuideModels.CreateFunctionalModel();
        Model withDropout = GuideModels.CreateFunctionalModel(withDropout: true);

        withDropout.SetWeights(functionalModel.GetWeights());

        using Tensor x = Ops.RandomUniform([4, 784], seed: 3);
        using Tensor expected = functionalModel.Predict(x);
        using Tensor actual = withDropout.Predict(x);
        TensorAssert.Equal(expected, actual, atol: 1e-6);
    }

    [Fact]
    public void SetWeights_IncompatibleModel_ThrowsAndNamesShapes()
    {
        Model source = GuideModels.CreateFunctionalModel(outputs: 10);
        Model target = GuideModels.CreateFunctionalModel(outputs: 5, name: "new_model");

        var ex = Assert.Throws<ArgumentException>(() => target.SetWeights(source.GetWeights()));

        Assert.Contains("(64, 5)", ex.Message);
        Assert.Contains("(64, 10)", ex.Message);
        Assert.Contains("predictions/kernel:0", ex.Message);
    }
}
