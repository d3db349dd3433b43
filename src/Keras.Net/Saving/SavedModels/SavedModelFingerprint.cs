// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Google.Protobuf;
using Keras.Net.Protos;
using Proto = Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// <c>fingerprint.pb</c> as TensorFlow 2.12+ computes it (formats.md 4.6, tensorflow/cc/saved_model/fingerprinting.cc):
/// the checksum of <c>saved_model.pb</c>, a hash of the graph with call names, <c>config_proto</c>s, string constants,
/// the function library and versions cleared, a hash over the signatures sorted by key, a hash over the concrete
/// functions sorted by their name's numeric suffix, the hash of <c>variables.index</c>, and producer 1.
/// Checked against a TF 2.15 file: <c>checkpoint_hash</c>, <c>saved_object_graph_hash</c> and the version agree; its
/// <c>saved_model_checksum</c> (TensorFlow hashes its own deterministic re-serialization) and
/// <c>signature_def_hash</c> (regularized differently since 2.12) do not, and TensorFlow never checks either on load.
/// </summary>
internal static class SavedModelFingerprint
{
    internal static FingerprintDef Compute(byte[] savedModelBytes, Proto.SavedModel savedModel, string folder)
    {
        MetaGraphDef meta = savedModel.MetaGraphs[0];
        string index = Path.Combine(folder, "variables", "variables.index");
        return new FingerprintDef
        {
            SavedModelChecksum = FarmHash.Fingerprint64(savedModelBytes),
            GraphDefProgramHash = GraphHash(meta.GraphDef),
            SignatureDefHash = SignatureHash(meta),
            SavedObjectGraphHash = ObjectGraphHash(meta.ObjectGraphDef),
            CheckpointHash = File.Exists(index) ? FarmHash.Fingerprint64(File.ReadAllBytes(index)) : 0,
            Version = new VersionDef { Producer = 1 },
        };
    }

    /// <summary>Signatures sorted by key, each serialized and fingerprinted, combined in order.</summary>
    internal static ulong SignatureHash(MetaGraphDef meta)
    {
        ulong hash = 0;
        foreach (var (_, signature) in meta.SignatureDef.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash = FarmHash.Cat(hash, FarmHash.Fingerprint64(signature.ToByteArray()));
        }

        return hash;
    }

    /// <summary>Concrete functions by their name's numeric suffix: the name without it, then the function, each fingerprinted.</summary>
    internal static ulong ObjectGraphHash(SavedObjectGraph? graph)
    {
        ulong hash = 0;
        var byUid = new SortedDictionary<long, string>();
        foreach (string name in graph?.ConcreteFunctions.Keys ?? Enumerable.Empty<string>())
        {
            string digits = new(name.Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray());
            if (digits.Length > 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long uid))
            {
                byUid[uid] = name;
            }
        }

        foreach (var (uid, name) in byUid)
        {
            string stem = name[..^uid.ToString(CultureInfo.InvariantCulture).Length];
            hash = FarmHash.Cat(hash, FarmHash.Fingerprint64(System.Text.Encoding.UTF8.GetBytes(stem)));
            hash = FarmHash.Cat(hash, FarmHash.Fingerprint64(graph!.ConcreteFunctions[name].ToByteArray()));
        }

        return hash;
    }

    private static ulong GraphHash(GraphDef graph)
    {
        GraphDef copy = graph.Clone();
        foreach (NodeDef node in copy.Node)
        {
            if (node.Op is "StatefulPartitionedCall" or "PartitionedCall")
            {
                if (node.Attr.TryGetValue("f", out AttrValue? f) && f.Func is not null)
                {
                    f.Func.Name = "FINGERPRINT_PASS";
                }

                if (node.Attr.TryGetValue("config_proto", out AttrValue? config))
                {
                    config.S = ByteString.Empty;
                }
            }

            if (node.Op == "Const" && node.Attr.TryGetValue("dtype", out AttrValue? dtype) && dtype.Type == DataType.DtString && node.Attr.TryGetValue("value", out AttrValue? value))
            {
                value.ClearValue();
            }
        }

        copy.Library = null;
        copy.Versions = null;
        return FarmHash.Fingerprint64(copy.ToByteArray());
    }
}
