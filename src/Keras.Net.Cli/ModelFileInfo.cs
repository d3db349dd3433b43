// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keras.Net.Saving;
using PureHDF;

namespace Keras.Net.Cli;

/// <summary>What a model file is and who wrote it, read from the file's own metadata.</summary>
internal sealed partial record ModelFileInfo(string Format, string Writer)
{
    internal static ModelFileInfo Read(string path)
    {
        IModelFormat format = ModelFormatRegistry.Formats.FirstOrDefault(f => f.CanRead(path))
            ?? throw new KerasFormatException("No registered format recognizes this file.", null, path);
        string writer = format.Name switch
        {
            "h5" => FromHdf5(path),
            "keras" when path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase) => FromArchive(path),
            "tf" when Directory.Exists(path) => FromSavedModel(path),
            _ => "unknown",
        };
        string kind = format.Name switch
        {
            "h5" => "tf.keras HDF5 (.h5)",
            "keras" => path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase) ? "Keras 3 archive (.keras)" : "Keras 3 weights (.weights.h5)",
            "tf" => Directory.Exists(path) ? "TensorFlow SavedModel folder" : "TensorFlow checkpoint",
            var other => other,
        };
        return new ModelFileInfo(kind, writer);
    }

    private static string FromHdf5(string path)
    {
        using var file = H5File.OpenRead(path);
        string Attr(string name) => file.AttributeExists(name) ? file.Attribute(name).Read<string>() : "?";
        return $"Keras {Attr("keras_version")}, backend {Attr("backend")}";
    }

    private static string FromArchive(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        using Stream s = zip.GetEntry("metadata.json")?.Open() ?? Stream.Null;
        using var reader = new StreamReader(s);
        string json = reader.ReadToEnd();
        return json.Length == 0 ? "?" : "Keras " + (JsonDocument.Parse(json).RootElement.TryGetProperty("keras_version", out var v) ? v.GetString() : "?");
    }

    private static string FromSavedModel(string path)
    {
        string metadata = Path.Combine(path, "keras_metadata.pb");
        string keras = File.Exists(metadata) && KerasVersion().Match(Encoding.UTF8.GetString(File.ReadAllBytes(metadata))) is { Success: true } m ? m.Groups[1].Value : "?";
        string pb = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(path, "saved_model.pb")));
        string tf = TensorFlowVersion().Match(pb) is { Success: true } t ? t.Groups[1].Value : "?";
        return $"Keras {keras}, TensorFlow {tf}";
    }

    [GeneratedRegex("\"keras_version\": \"([^\"]+)\"")]
    private static partial Regex KerasVersion();

    [GeneratedRegex("\\*\\x05serve(?:.|\\n)?.?([0-9]+\\.[0-9]+\\.[0-9][^\\x00-\\x1f\"]*)")]
    private static partial Regex TensorFlowVersion();
}
