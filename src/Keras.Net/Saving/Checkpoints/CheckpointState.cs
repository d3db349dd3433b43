// SPDX-License-Identifier: Apache-2.0
using System.Text;

namespace Keras.Net.Saving.Checkpoints;

/// <summary>The <c>checkpoint</c> state file next to checkpoints (text-format <c>CheckpointState</c>, formats.md 3.6).</summary>
internal static class CheckpointState
{
    internal const string FileName = "checkpoint";

    /// <summary>Records <paramref name="prefix"/> as the latest (and only) checkpoint of its directory, with a relative path.</summary>
    internal static void Write(string prefix)
    {
        string full = Path.GetFullPath(prefix);
        string dir = Path.GetDirectoryName(full) ?? ".";
        string name = Quote(Path.GetFileName(full));
        string text = $"model_checkpoint_path: {name}\nall_model_checkpoint_paths: {name}\n";
        AtomicFile.Write(Path.Combine(dir, FileName), temp => File.WriteAllText(temp, text, new UTF8Encoding(false)));
    }

    /// <summary><c>tf.train.latest_checkpoint</c>: the latest prefix recorded in the directory's state file, if its index exists.</summary>
    internal static string? Latest(string directory)
    {
        string file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (string line in File.ReadLines(file))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("model_checkpoint_path:", StringComparison.Ordinal))
            {
                string path = Unquote(trimmed["model_checkpoint_path:".Length..].Trim());
                string prefix = Path.IsPathRooted(path) ? path : Path.Combine(directory, path);
                return File.Exists(prefix + ".index") ? prefix : null;
            }
        }

        return null;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    private static string Unquote(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"')
        {
            return s;
        }

        var sb = new StringBuilder();
        for (int i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length - 1)
            {
                i++;
                sb.Append(s[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => s[i],
                });
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
