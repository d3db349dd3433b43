// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Models;

/// <summary>The summary table.</summary>
public partial class Model
{
    /// <summary>
    /// Prints tf.keras's summary table: <c>Model: "name"</c>, one row per layer (type, output shape,
    /// parameter count, and for non-sequential graphs the inbound connections), then the parameter totals.
    /// </summary>
    /// <param name="writer">Where to print (default the console).</param>
    /// <param name="lineLength">The table width (default 65, or 98 with the connections column).</param>
    /// <param name="positions">Column ends, as fractions of the width or absolute positions.</param>
    /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
    public void Summary(TextWriter? writer = null, int? lineLength = null, IReadOnlyList<double>? positions = null) =>
        SummaryPrinter.Print(this, writer ?? Console.Out, lineLength, positions);

    /// <summary>The summary table as a string (lines separated by <c>\n</c>).</summary>
    /// <returns>The table.</returns>
    public string SummaryText()
    {
        using var w = new StringWriter { NewLine = "\n" };
        Summary(w);
        return w.ToString();
    }
}
