using System.Text.RegularExpressions;

namespace CompatHost.Host.Access;

/// <summary>
/// An access-rule context ready to match request paths: the .NET regular expression
/// <see cref="JavaRegex"/> made of it, built when a path first needs it.
/// </summary>
/// <remarks>
/// Building the case-insensitive linear-time matcher costs ~2.5 ms a pattern (~50 ms more for
/// the first in a process) and holds ~1 MiB: the product's identity.xml has 218 distinct
/// contexts, which cost a copied home about a second of its start and ~200 MiB (README:
/// Performance). A context made only of literal text, '.',
/// <c>.*</c>, <c>.+</c> and <c>(/?)</c> (214 of those 218) is a valid pattern by construction, so
/// it is built on first need; and every path it matches holds its longest literal run, so a path
/// without that run is refused before any matcher exists. The decision is the expression's own.
/// </remarks>
public sealed class PathPattern
{
    private readonly Func<Regex> _build;
    private readonly string? _literal;
    private Regex? _regex;

    private PathPattern(Regex? regex, Func<Regex> build, string? literal)
    {
        _regex = regex;
        _build = build;
        _literal = literal;
    }

    /// <summary>A pattern already built (one that needed checking, or the backtracking engine).</summary>
    public static PathPattern Built(Regex regex) => new(regex, () => regex, null);

    /// <summary>
    /// A pattern built on first need. <paramref name="literal"/> (ASCII, matched as the pattern's
    /// case-insensitive comparison does) is text every matching path contains; null when none.
    /// </summary>
    public static PathPattern Deferred(Func<Regex> build, string? literal) => new(null, build, literal);

    /// <summary>The expression, built now if it was not yet.</summary>
    public Regex Regex => LazyInitializer.EnsureInitialized(ref _regex, _build);

    /// <summary>Whether the expression exists yet (a path has needed it).</summary>
    internal bool IsBuilt => Volatile.Read(ref _regex) is not null;

    /// <summary>May throw <see cref="RegexMatchTimeoutException"/> (backtracking patterns only); the caller fails closed.</summary>
    public bool IsMatch(string path) => (_literal is null || MayContain(path, _literal)) && Regex.IsMatch(path);

    /// <summary>
    /// False only when no match is possible. The expression's IgnoreCase | CultureInvariant
    /// compares an ASCII letter with its other case, and 'k' also with the Kelvin sign (U+212A),
    /// which an ordinal case-insensitive search does not: a path holding one is left to the
    /// expression (JavaRegexTests proves the table over every character).
    /// </summary>
    private static bool MayContain(string path, string literal) =>
        path.Contains(literal, StringComparison.OrdinalIgnoreCase) || path.Contains('\u212A');
}
