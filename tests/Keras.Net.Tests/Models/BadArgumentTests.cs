// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>Wrong arguments to Fit and Predict get Keras's messages as .NET argument exceptions, never a crash or silence.</summary>
public sealed class BadArgumentTests : KerasTestBase
{
    [Fact]
    public void Predict_OnAScalar_AsksForABatchAxis()
    {
        using Model model = GuideModels.CreateFunctionalModel();
        using Tensor scalar = Keras.Net.Ops.Scalar(1.0);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(scalar));
        Assert.Contains("scalar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WithOneFeatureTooMany_NamesBothShapes()
    {
        using Model model = GuideModels.CreateFunctionalModel();
        using Tensor x = Keras.Net.Ops.Zeros([2, 785]);
        var e = Assert.ThrowsAny<ArgumentException>(() => model.Predict(x));
        Assert.Contains("785", e.Message, StringComparison.Ordinal);
        Assert.Contains("784", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WithLabelsPastTheLastClass_NamesTheLabelAndTheRange()
    {
        using Model model = GuideModels.CreateFunctionalModel();
        model.Compile(optimizer: "adam", loss: new Keras.Net.Losses.SparseCategoricalCrossentropy(fromLogits: true));
        using Tensor x = Keras.Net.Ops.Zeros([20, 784]);
        using Tensor y = Keras.Net.Ops.FromArray(Enumerable.Range(10, 20).Select(i => (long)i).ToArray(), [20]);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, verbose: 0));
        Assert.Contains("outside the valid range of [0, 10)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OnEmptyData_SaysTheDataIsEmpty()
    {
        using Model model = GuideModels.GetModel();
        using Tensor x = Keras.Net.Ops.Zeros([0, 32]);
        using Tensor y = Keras.Net.Ops.Zeros([0, 1]);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));
        Assert.Contains("non-empty", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.2)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Fit_WithAValidationSplitOutsideZeroToOne_Refuses(double split)
    {
        using Model model = GuideModels.GetModel();
        using Tensor x = Keras.Net.Ops.Zeros([8, 32]);
        using Tensor y = Keras.Net.Ops.Zeros([8, 1]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, verbose: 0, validationSplit: split));
        Assert.Contains("validation_split", e.Message, StringComparison.Ordinal);
    }
}
