// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Tests.TestSupport;

/// <summary>The real Keras/TensorFlow files in ../shared/fixtures (beside the repository), never copied into it.</summary>
public static class Fixtures
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The fixtures folder, or null when ../shared is absent.</summary>
    public static string? Folder => Root.Value;

    /// <summary>A fixture's full path.</summary>
    public static string PathOf(string relative) =>
        System.IO.Path.Combine(Folder ?? throw new InvalidOperationException("../shared/fixtures is absent."), relative);

    /// <summary>Files of a fixture category.</summary>
    public static IEnumerable<string> Files(string category, string pattern) =>
        Folder is null ? [] : Directory.GetFiles(System.IO.Path.Combine(Folder, category), pattern).Order(StringComparer.Ordinal);

    private static string? Find()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "Keras.Net.sln")))
            {
                string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(d.FullName, "..", "shared", "fixtures"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that is reported as skipped, with the reason, when ../shared/fixtures is absent.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (Fixtures.Folder is null)
        {
            Skip = "../shared/fixtures is absent: the real Keras files these tests read live beside the repository, not in it.";
        }
    }
}

/// <summary>A theory that is reported as skipped, with the reason, when ../shared/fixtures is absent.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (Fixtures.Folder is null)
        {
            Skip = "../shared/fixtures is absent: the real Keras files these tests read live beside the repository, not in it.";
        }
    }
}
