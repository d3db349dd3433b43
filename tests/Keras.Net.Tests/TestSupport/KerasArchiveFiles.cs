// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;

namespace Keras.Net.Tests.TestSupport;

/// <summary>Reads entries of a <c>.keras</c> zip in tests.</summary>
internal static class KerasArchiveFiles
{
    /// <summary>Copies the archive's <c>model.weights.h5</c> to <paramref name="target"/> (PureHDF opens files) and returns that path.</summary>
    public static string ExtractWeights(string archive, string target)
    {
        using ZipArchive zip = ZipFile.OpenRead(archive);
        using Stream s = zip.GetEntry("model.weights.h5")!.Open();
        using FileStream f = File.Create(target);
        s.CopyTo(f);
        return target;
    }
}
