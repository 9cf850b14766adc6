using System.Text.RegularExpressions;

namespace CompatHost.Host.Access;

/// <summary>
/// An access-rule context ready to match request paths: the .NET regular expression
/// <see cref="JavaRegex"/> made of it, or, for a plain context, the same language matched
/// without one.
/// </summary>
/// <remarks>
/// A case-insensitive linear-time <see cref="System.Text.RegularExpressions.Regex"/> costs
/// ~2.5 ms to build (~50 ms more for the first in a process) and holds ~0.7 MiB: the product's
/// identity.xml has 218 distinct contexts, which cost a copied home about a second of its start
/// and ~200 MiB (README: Performance). A plain context (literal text, '.', <c>.*</c>, <c>.+</c>
/// and <c>(/?)</c>; 214 of those 218 and every built-in one) is a sequence of single-character
/// steps, each once, any number of times or optionally, which a set of positions in the sequence
/// matches in one pass over the path: linear in the path, nothing built. It matches exactly
/// what <c>\A(?:context)\z</c> with IgnoreCase | CultureInvariant matches (JavaRegexTests
/// compares the two on every product context).
/// </remarks>
public sealed class PathPattern
{
    private readonly Step[] _steps = [];
    private readonly UInt128[] _closure = [];
    private readonly string? _literal;

    private PathPattern(Regex regex) => Regex = regex;

    private PathPattern(Step[] steps, string? literal)
    {
        _steps = steps;
        _literal = literal;
        // The positions reachable from each without reading a character: past every optional
        // or repeated step that follows it.
        _closure = new UInt128[steps.Length + 1];
        for (var i = steps.Length; i >= 0; i--)
        {
            _closure[i] = (UInt128.One << i) | (i < steps.Length && steps[i].Repeat != Repeat.Once ? _closure[i + 1] : UInt128.Zero);
        }
    }

    /// <summary>Positions are bits of a <see cref="UInt128"/>: a plain context has at most this many steps.</summary>
    public const int MaxSteps = 127;

    /// <summary>The expression, for a context that needed one; null for a plain context.</summary>
    public Regex? Regex { get; }

    public static PathPattern Of(Regex regex) => new(regex);

    /// <param name="literal">Text every matching path contains (its case compared as the steps do); null when none.</param>
    internal static PathPattern Plain(Step[] steps, string? literal) => new(steps, literal);

    /// <summary>May throw <see cref="RegexMatchTimeoutException"/> (backtracking expressions only); the caller fails closed.</summary>
    public bool IsMatch(string path) =>
        Regex?.IsMatch(path) ?? ((_literal is null || MayContain(path, _literal)) && MatchesSteps(path));

    private bool MatchesSteps(string path)
    {
        var at = _closure[0];
        foreach (var c in path)
        {
            var next = UInt128.Zero;
            for (var bits = at; bits != UInt128.Zero; bits &= bits - UInt128.One)
            {
                var i = (int)UInt128.TrailingZeroCount(bits);
                if (i < _steps.Length && _steps[i].Accepts(c))
                {
                    next |= _closure[_steps[i].Repeat == Repeat.Any ? i : i + 1];
                }
            }

            if (next == UInt128.Zero)
            {
                return false;
            }

            at = next;
        }

        return (at & (UInt128.One << _steps.Length)) != UInt128.Zero;
    }

    /// <summary>
    /// False only when no match is possible. The steps compare an ASCII letter with its other
    /// case, and 'k' also with the Kelvin sign (U+212A), as the expression's IgnoreCase does; an
    /// ordinal case-insensitive search does not, so a path holding one is left to the steps.
    /// </summary>
    private static bool MayContain(string path, string literal) =>
        path.Contains(literal, StringComparison.OrdinalIgnoreCase) || path.Contains('\u212A');

    internal enum Repeat
    {
        Once,
        Any,
        Optional,
    }

    /// <summary>One character: <paramref name="Lower"/> or <paramref name="Upper"/>, or any but a line feed when <paramref name="AnyCharacter"/>.</summary>
    internal readonly record struct Step(char Lower, char Upper, bool AnyCharacter, Repeat Repeat)
    {
        public static Step Literal(char c, Repeat repeat = Repeat.Once) => new(char.ToLowerInvariant(c), char.ToUpperInvariant(c), false, repeat);

        public static Step Wildcard(Repeat repeat) => new('\0', '\0', true, repeat);

        // '.' is [^\n] without Singleline; IgnoreCase | CultureInvariant pairs an ASCII letter
        // with its other case, and k with U+212A, and nothing else (JavaRegexTests checks every
        // UTF-16 code unit against the expression engine).
        public bool Accepts(char c) => AnyCharacter ? c != '\n' : c == Lower || c == Upper || (Lower == 'k' && c == '\u212A');
    }
}
