// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Models;

/// <summary>Summary() against tables printed by tf.keras 2.x (the guide's transfer-learning outputs).</summary>
public sealed class SummaryTests : KerasTestBase
{
    private const string Blank = "                                                                 ";

    [Fact]
    public void Summary_PretrainedModel_MatchesTheGuide()
    {
        Model functionalModel = GuideModels.CreateFunctionalModel();
        var pretrained = new Model(functionalModel.Inputs, functionalModel.Layers[^1].Input, name: "pretrained_model");

        string expected = string.Join('\n',
            "Model: \"pretrained_model\"",
            "_________________________________________________________________",
            " Layer (type)                Output Shape              Param #   ",
            "=================================================================",
            " digits (InputLayer)         [(None, 784)]             0         ",
            Blank,
            " dense_1 (Dense)             (None, 64)                50240     ",
            Blank,
            " dense_2 (Dense)             (None, 64)                4160      ",
            Blank,
            "=================================================================",
            "Total params: 54,400",
            "Trainable params: 54,400",
            "Non-trainable params: 0",
            "_________________________________________________________________",
            "");
        Assert.Equal(expected.Replace(Blank + "\n=", "=", StringComparison.Ordinal), pretrained.SummaryText());
    }

    [Fact]
    public void Summary_NewModel_MatchesTheGuide()
    {
        Model model = GuideModels.CreateFunctionalModel(outputs: 5, name: "new_model");

        string text = model.SummaryText();

        Assert.Contains(" predictions (Dense)         (None, 5)                 325       \n", text);
        Assert.Contains("Total params: 54,725\n", text);
        Assert.Contains("Trainable params: 54,725\n", text);
        Assert.StartsWith("Model: \"new_model\"\n", text);
    }

    [Fact]
    public void Summary_Sequential_HasNoInputRow_AndCountsNonTrainable()
    {
        var model = new Sequential([new Input([3]), new Dense(4, name: "a"), new Dense(2, name: "b")], name: "seq");
        model.GetLayer("b").Trainable = false;

        string text = model.SummaryText();

        Assert.DoesNotContain("InputLayer", text);
        Assert.Contains(" a (Dense)                   (None, 4)                 16        \n", text);
        Assert.Contains("Total params: 26\n", text);
        Assert.Contains("Trainable params: 16\n", text);
        Assert.Contains("Non-trainable params: 10\n", text);
    }

    [Fact]
    public void Summary_MultiInputGraph_AddsConnectedToColumn()
    {
        var a = new Input([4], name: "a");
        var b = new Input([4], name: "b");
        KerasTensor sum = new Add(name: "add").Apply([a, b]);
        var model = new Model([a, b], sum, name: "two_inputs");

        string[] lines = model.SummaryText().Split('\n');

        Assert.Equal(new string('_', 98), lines[1]);
        Assert.Equal(" Layer (type)                   Output Shape         Param #     Connected to                     ", lines[2]);
        Assert.Contains(lines, l => l.StartsWith(" add (Add)                      (None, 4)            0           ['a[0][0]',", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Trim() == "'b[0][0]']");
    }

    [Fact]
    public void Summary_UnbuiltSequential_ThrowsKerasMessage()
    {
        var model = new Sequential([new Dense(2)]);

        var ex = Assert.Throws<InvalidOperationException>(() => model.SummaryText());

        Assert.Contains("This model has not yet been built", ex.Message);
    }

    [Fact]
    public void Summary_ToWriter_WritesSameText()
    {
        Model model = GuideModels.CreateFunctionalModel();
        using var w = new StringWriter { NewLine = "\n" };

        model.Summary(w);

        Assert.Equal(model.SummaryText(), w.ToString());
    }
}
