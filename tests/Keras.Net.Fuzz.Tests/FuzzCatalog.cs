// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Google.Protobuf;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// Every case, numbered: families of damaged and crafted files over the four formats. Case <c>i</c> of a family
/// draws from <c>new Random(family seed + i)</c>, so a case is the same on every machine and run.
/// </summary>
internal static class FuzzCatalog
{
    private static readonly (string Family, int Count, Func<string, int, Random, (string What, Func<string, FuzzTarget> Build)> Make)[] Families =
    [
        ("h5-model-bytes", 260, (b, _, r) => Bytes(BaseFiles.H5Model(b), "model.h5", FuzzOperation.LoadModel, r)),
        ("h5-weights-bytes", 140, (b, _, r) => Bytes(BaseFiles.H5Weights(b), "weights.h5", FuzzOperation.LoadWeights, r)),
        ("h5-config-tokens", 120, (b, _, r) => H5ConfigTokens(b, r)),
        ("keras-bytes", 200, (b, _, r) => Bytes(BaseFiles.Keras(b), "model.keras", FuzzOperation.LoadModel, r)),
        ("keras-config-json", 220, (b, _, r) => KerasConfig(b, r)),
        ("keras-zip-crafted", 60, (b, i, r) => KerasZip(b, i, r)),
        ("keras3-weights-bytes", 100, (b, _, r) => Bytes(BaseFiles.Keras3Weights(b), "model.weights.h5", FuzzOperation.LoadWeights, r)),
        ("ckpt-bytes", 200, (b, _, r) => CheckpointBytes(b, r)),
        ("ckpt-entries", 120, (b, _, r) => CheckpointEntries(b, r)),
        ("savedmodel-bytes", 220, (b, i, r) => SavedModelBytes(b, i, r)),
        ("savedmodel-metadata-json", 120, (b, _, r) => SavedModelMetadata(b, r)),
        ("graph-crafted", 324, (_, i, r) => Graph(i, r)),
    ];

    /// <summary>All cases over the base files in <paramref name="baseRoot"/>.</summary>
    internal static IReadOnlyList<FuzzCase> All(string baseRoot)
    {
        var cases = new List<FuzzCase>();
        int seed = 0;
        foreach (var (family, count, make) in Families)
        {
            seed += 100_003;
            for (int i = 0; i < count; i++)
            {
                int caseSeed = seed + i, index = i;
                string f = family;
                cases.Add(new FuzzCase(cases.Count, family, $"{family} #{i}", dir =>
                {
                    var (what, build) = make(baseRoot, index, new Random(caseSeed));
                    File.WriteAllText(Path.Combine(dir, ".what"), $"{f} #{index}: {what}");
                    return build(dir);
                }));
            }
        }

        return cases;
    }

    private static (string, Func<string, FuzzTarget>) Bytes(string source, string name, FuzzOperation op, Random r)
    {
        var (bytes, what) = Mutations.Damage(File.ReadAllBytes(source), r);
        return (what, dir =>
        {
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, bytes);
            return new FuzzTarget(op, path);
        });
    }

    /// <summary>One JSON token of the HDF5 file's model_config or training_config replaced in place by a lie of the same length.</summary>
    private static (string, Func<string, FuzzTarget>) H5ConfigTokens(string baseRoot, Random r)
    {
        byte[] data = File.ReadAllBytes(BaseFiles.H5Model(baseRoot));
        string text = Encoding.Latin1.GetString(data);
        var tokens = System.Text.RegularExpressions.Regex.Matches(text, "\": (-?[0-9.e+-]+|\"[a-z_A-Z0-9]*\"|null|true|false|\\[[^\\[\\]{}]*\\])").ToList();
        var m = tokens[r.Next(tokens.Count)];
        string[] lies = ["1e9", "-1", "0", "1e308", "\"Lambda\"", "null", "[]", "{}", "\"\"", "9e18", "[1e9, 1e9]", "[null, -5]", "\"x\"", "2147483648", "[[[[[[[[]]]]]]]]"];
        string lie = lies[r.Next(lies.Length)];
        int width = m.Length - 2;
        string value = lie.Length <= width ? lie.PadRight(width) : lie.Length <= width + 1 ? lie.PadRight(width + 1) : lie[..width];
        byte[] mutated = (byte[])data.Clone();
        int at = m.Index + 2 - (lie.Length > width ? 1 : 0);
        Encoding.Latin1.GetBytes(value).CopyTo(mutated, at);
        return ($"{m.Value} -> {value.Trim()}", dir =>
        {
            string path = Path.Combine(dir, "model.h5");
            File.WriteAllBytes(path, mutated);
            return new FuzzTarget(FuzzOperation.LoadModel, path);
        });
    }

    private static (string, Func<string, FuzzTarget>) KerasConfig(string baseRoot, Random r)
    {
        var entries = ZipBuilder.Read(BaseFiles.Keras(baseRoot));
        int which = r.Next(10) < 8 ? entries.FindIndex(e => e.Name == "config.json") : entries.FindIndex(e => e.Name == "metadata.json");
        var (json, what) = JsonLies.Damage(Encoding.UTF8.GetString(entries[which].Data), r);
        entries[which] = (entries[which].Name, Encoding.UTF8.GetBytes(json));
        bool refuse = what.EndsWith(".class_name = \"Lambda\"", StringComparison.Ordinal);
        return ($"{entries[which].Name}: {what}", dir =>
        {
            string path = Path.Combine(dir, "model.keras");
            var zip = new ZipBuilder();
            foreach (var (name, bytes) in entries)
            {
                zip.Stored(name, bytes);
            }

            zip.WriteTo(path);
            return new FuzzTarget(FuzzOperation.LoadModel, path, MustRefuse: refuse);
        });
    }

    /// <summary>Zip-level lies: CRC, duplicates, many entries, bombs, escaping names, registered_name swaps.</summary>
    private static (string, Func<string, FuzzTarget>) KerasZip(string baseRoot, int index, Random r)
    {
        var entries = ZipBuilder.Read(BaseFiles.Keras(baseRoot));
        int variant = index % 8;
        string what = variant switch
        {
            0 => "one byte of model.weights.h5 flipped, CRC kept",
            1 => "config.json twice (the second one a Lambda model)",
            2 => "many empty entries",
            3 => "model.weights.h5 is a deflate bomb with lying sizes",
            4 => "model.weights.h5 is a deflate bomb declaring its size",
            5 => "an entry name escapes the archive",
            6 => "a layer's class_name Lambda with registered_name of a built-in",
            _ => "a CRC lie on config.json",
        };
        return (what, dir =>
        {
            string path = Path.Combine(dir, "model.keras");
            var zip = new ZipBuilder();
            bool refuse = false;
            foreach (var (name, bytes) in entries)
            {
                byte[] data = bytes;
                if (variant == 0 && name == "model.weights.h5")
                {
                    byte[] flipped = (byte[])data.Clone();
                    flipped[r.Next(flipped.Length)] ^= (byte)(1 << r.Next(8));
                    zip.Stored(name, flipped, ZipBuilder.Crc32(data));
                    continue;
                }

                if (variant is 3 or 4 && name == "model.weights.h5")
                {
                    byte[] bomb = ZipBuilder.ZeroBomb(r.Next(2) == 0 ? 1 : 5);
                    zip.Deflated(name, bomb, variant == 3 ? data.Length : uint.MaxValue, ZipBuilder.Crc32(data));
                    continue;
                }

                if (variant == 6 && name == "config.json")
                {
                    string json = Encoding.UTF8.GetString(data);
                    int at = json.IndexOf("\"class_name\": \"Dense\"", StringComparison.Ordinal);
                    json = json[..at] + "\"class_name\": \"Lambda\"" + json[(at + "\"class_name\": \"Dense\"".Length)..];
                    data = Encoding.UTF8.GetBytes(json.Replace("\"registered_name\": null", "\"registered_name\": \"Dense\"", StringComparison.Ordinal));
                    refuse = true;
                }

                zip.Stored(name, data, variant == 7 && name == "config.json" ? ZipBuilder.Crc32(data) ^ 1 : null);
                if (variant == 1 && name == "config.json")
                {
                    zip.Stored(name, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("\"Dense\"", "\"Lambda\"", StringComparison.Ordinal)));
                }
            }

            if (variant == 2)
            {
                int n = new[] { 5_000, 70_000, 300_000 }[r.Next(3)];
                for (int i = 0; i < n; i++)
                {
                    zip.Stored($"assets/{i}", []);
                }
            }

            if (variant == 5)
            {
                zip.Stored(new[] { "../../escape.txt", "/etc/escape", "assets/../../x", "C:\\x" }[r.Next(4)], [1, 2, 3]);
            }

            zip.WriteTo(path);
            return new FuzzTarget(FuzzOperation.LoadModel, path, MustRefuse: refuse);
        });
    }

    private static string CopyCheckpoint(string baseRoot, string dir)
    {
        string source = BaseFiles.Checkpoint(baseRoot);
        string prefix = Path.Combine(dir, "weights");
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(source)!, "weights*"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return prefix;
    }

    private static (string, Func<string, FuzzTarget>) CheckpointBytes(string baseRoot, Random r)
    {
        bool index = r.Next(10) < 6;
        int seed = r.Next();
        return (index ? "damaged .index" : "damaged .data", dir =>
        {
            string prefix = CopyCheckpoint(baseRoot, dir);
            string file = index ? prefix + ".index" : Directory.GetFiles(dir, "weights.data-*")[0];
            var (bytes, what) = Mutations.Damage(File.ReadAllBytes(file), new Random(seed));
            File.WriteAllBytes(file, bytes);
            File.AppendAllText(Path.Combine(dir, ".what"), " " + what);
            return new FuzzTarget(FuzzOperation.LoadWeights, prefix);
        });
    }

    /// <summary>Index entries that lie about dtype, shape, offset, size, shard or CRC; or a header that lies about shards.</summary>
    private static (string, Func<string, FuzzTarget>) CheckpointEntries(string baseRoot, Random r)
    {
        int kind = r.Next(8);
        int seed = r.Next();
        string what = new[] { "dtype", "shape", "offset", "size", "shard_id", "crc32c", "num_shards", "string shape" }[kind];
        return ($"an index entry lies about its {what}", dir =>
        {
            string prefix = CopyCheckpoint(baseRoot, dir);
            var rng = new Random(seed);
            var table = SsTableReader.ReadAll(prefix + ".index");
            long[] lies = [0, -1, 1L << 31, 1L << 40, long.MaxValue, 7, 1_000_000_000];
            int pick = 1 + rng.Next(table.Count - 1);
            if (kind == 6)
            {
                var header = BundleHeaderProto.Parser.ParseFrom(table[0].Value);
                header.NumShards = (int)(lies[rng.Next(lies.Length)] % int.MaxValue);
                table[0] = new(table[0].Key, header.ToByteArray());
            }
            else
            {
                var entry = BundleEntryProto.Parser.ParseFrom(table[pick].Value);
                long lie = lies[rng.Next(lies.Length)];
                switch (kind)
                {
                    case 0: entry.Dtype = (DataType)(rng.Next(3) == 0 ? 7 : rng.Next(30) + 1); break;
                    case 1:
                        entry.Shape = new TensorShapeProto();
                        entry.Shape.Dim.AddRange(Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => new TensorShapeProto.Types.Dim { Size = lies[rng.Next(lies.Length)] }));
                        break;
                    case 2: entry.Offset = lie; break;
                    case 3: entry.Size = lie; break;
                    case 4: entry.ShardId = (int)(lie % int.MaxValue); break;
                    case 5: entry.Crc32C ^= 0x10u; break;
                    default:
                        entry.Dtype = DataType.DtString;
                        entry.Shape = new TensorShapeProto();
                        entry.Shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = lie });
                        break;
                }

                table[pick] = new(table[pick].Key, entry.ToByteArray());
            }

            using (var stream = new FileStream(prefix + ".index", FileMode.Create))
            {
                var writer = new SsTableWriter(stream);
                foreach (var (k, v) in table)
                {
                    writer.Add(k, v);
                }

                writer.Finish();
            }

            return new FuzzTarget(FuzzOperation.LoadWeights, prefix);
        });
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string sub in Directory.GetDirectories(from))
        {
            CopyTree(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    private static (string, Func<string, FuzzTarget>) SavedModelBytes(string baseRoot, int index, Random r)
    {
        string[] files = ["saved_model.pb", "saved_model.pb", "saved_model.pb", "keras_metadata.pb", "variables/variables.index", "variables/variables.data-00000-of-00001"];
        string file = files[r.Next(files.Length)];
        int seed = r.Next();
        FuzzOperation op = index % 2 == 0 ? FuzzOperation.LoadModel : FuzzOperation.ServeSavedModel;
        return ($"damaged {file}", dir =>
        {
            string folder = Path.Combine(dir, "sm");
            CopyTree(BaseFiles.SavedModelDir(baseRoot), folder);
            string path = Path.Combine(folder, file);
            var (bytes, what) = Mutations.Damage(File.ReadAllBytes(path), new Random(seed));
            File.WriteAllBytes(path, bytes);
            File.AppendAllText(Path.Combine(dir, ".what"), " " + what);
            return new FuzzTarget(op, folder);
        });
    }

    private static (string, Func<string, FuzzTarget>) SavedModelMetadata(string baseRoot, Random r)
    {
        var meta = Keras.Net.Protos.KerasMetadata.SavedMetadata.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(BaseFiles.SavedModelDir(baseRoot), "keras_metadata.pb")));
        var candidates = meta.Nodes.Select((n, i) => (n, i)).Where(p => p.n.Metadata.Length > 2).ToList();
        var (node, at) = candidates[r.Next(candidates.Count)];
        var (json, what) = JsonLies.Damage(node.Metadata, r);
        meta.Nodes[at].Metadata = json;
        byte[] bytes = meta.ToByteArray();
        return ($"node {at} ({node.NodePath}): {what}", dir =>
        {
            string folder = Path.Combine(dir, "sm");
            CopyTree(BaseFiles.SavedModelDir(baseRoot), folder);
            File.WriteAllBytes(Path.Combine(folder, "keras_metadata.pb"), bytes);
            return new FuzzTarget(FuzzOperation.LoadModel, folder);
        });
    }

    private static (string, Func<string, FuzzTarget>) Graph(int index, Random r)
    {
        var (name, write) = GraphCases.Variants[index % GraphCases.Variants.Length];
        int seed = r.Next();
        return (name, dir => write(Path.Combine(dir, "sm"), new Random(seed)));
    }
}
