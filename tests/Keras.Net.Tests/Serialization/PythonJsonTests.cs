// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Keras.Net.Serialization;

namespace Keras.Net.Tests.Serialization;

/// <summary>JSON as Python's json.dumps writes it (formats.md 0.4).</summary>
public sealed class PythonJsonTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1e-07, "1e-07")]
    [InlineData(1.5e-07, "1.5e-07")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(0.0, "0.0")]
    [InlineData(123456789.125, "123456789.125")]
    public void FormatDouble_MatchesPythonRepr(double value, string expected) =>
        Assert.Equal(expected, PythonJson.FormatDouble(value));

    [Fact]
    public void FormatDouble_Float32WidenedValues_AsKerasWritesThem()
    {
        Assert.Equal("0.0010000000474974513", PythonJson.FormatDouble((float)0.001));
        Assert.Equal("0.8999999761581421", PythonJson.FormatDouble((float)0.9));
        Assert.Equal("0.009999999776482582", PythonJson.FormatDouble((float)0.01));
        Assert.Equal("NaN", PythonJson.FormatDouble(double.NaN));
        Assert.Equal("-Infinity", PythonJson.FormatDouble(double.NegativeInfinity));
    }

    [Fact]
    public void Serialize_UsesPythonSeparatorsAndAsciiEscapes()
    {
        var node = new JsonObject { ["a"] = 1, ["b"] = new JsonArray(true, null, 2.5), ["c"] = "é/<>&'\"\n" };

        Assert.Equal("{\"a\": 1, \"b\": [true, null, 2.5], \"c\": \"\\u00e9/<>&'\\\"\\n\"}", PythonJson.Serialize(node));
    }

    [Fact]
    public void Parse_AcceptsBareNaNAndInfinity_AndKeepsNumbersRoundTripping()
    {
        JsonNode node = PythonJson.Parse("{\"x\": NaN, \"y\": -Infinity, \"z\": \"NaN inside\", \"f\": 1.0, \"i\": 3}");

        Assert.Equal("{\"x\": \"NaN\", \"y\": \"-Infinity\", \"z\": \"NaN inside\", \"f\": 1.0, \"i\": 3}", PythonJson.Serialize(node));
        Assert.Throws<KerasFormatException>(() => PythonJson.Parse("{\"unterminated\": "));
    }
}
