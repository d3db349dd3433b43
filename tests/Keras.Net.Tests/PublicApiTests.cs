// SPDX-License-Identifier: Apache-2.0
using System.Reflection;

namespace Keras.Net.Tests;

/// <summary>
/// The public API is tracked in <c>src/Keras.Net/PublicAPI.txt</c>: a change to the surface fails this test until the
/// file is updated on purpose (run the tests with <c>KERASNET_UPDATE_PUBLIC_API=1</c> to rewrite it).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_MatchesTheTrackedFile()
    {
        string root = RepoRoot();
        string file = Path.Combine(root, "src", "Keras.Net", "PublicAPI.txt");
        string current = string.Join('\n', Surface(typeof(Ops).Assembly)) + "\n";
        if (Environment.GetEnvironmentVariable("KERASNET_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(file, current);
        }

        string tracked = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : string.Empty;
        var added = current.Split('\n').Except(tracked.Split('\n')).Take(20).ToList();
        var removed = tracked.Split('\n').Except(current.Split('\n')).Take(20).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0, $"The public API changed (update {file} with KERASNET_UPDATE_PUBLIC_API=1 if intended).\nAdded:\n  {string.Join("\n  ", added)}\nRemoved:\n  {string.Join("\n  ", removed)}");
    }

    private static IEnumerable<string> Surface(Assembly assembly)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            yield return $"{Kind(type)} {type.FullName}";
            var members = type.GetMembers(Flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && m is not Type)
                .Select(m => $"  {type.FullName}::{Describe(m)}")
                .Order(StringComparer.Ordinal);
            foreach (string m in members)
            {
                yield return m;
            }
        }
    }

    private static string Kind(Type t) => t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : t.IsAbstract && t.IsSealed ? "static class" : "class";

    private static string Describe(MemberInfo m) => m switch
    {
        MethodInfo mi => $"{(mi.IsStatic ? "static " : string.Empty)}{Name(mi.ReturnType)} {mi.Name}{Generic(mi)}({Parameters(mi.GetParameters())})",
        ConstructorInfo ci => $"ctor({Parameters(ci.GetParameters())})",
        PropertyInfo pi => $"{Name(pi.PropertyType)} {pi.Name} {{{(pi.GetMethod?.IsPublic == true ? " get;" : string.Empty)}{(pi.SetMethod?.IsPublic == true ? " set;" : string.Empty)} }}",
        FieldInfo fi => $"{(fi.IsStatic ? "static " : string.Empty)}{Name(fi.FieldType)} {fi.Name}",
        EventInfo ei => $"event {Name(ei.EventHandlerType!)} {ei.Name}",
        _ => m.Name,
    };

    private static string Generic(MethodInfo m) => m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(ParameterInfo[] ps) => string.Join(", ", ps.Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (Convert.ToString(p.DefaultValue, System.Globalization.CultureInfo.InvariantCulture) ?? "null") : string.Empty)}"));

    private static string Name(Type t) => t.IsGenericType
        ? $"{t.Name.Split('`')[0]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
        : t.FullName ?? t.Name;

    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Keras.Net.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Keras.Net.sln not found above the test binaries.");
    }
}
