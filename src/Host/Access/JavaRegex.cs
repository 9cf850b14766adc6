using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace CompatHost.Host.Access;

/// <summary>
/// Access-rule contexts are Java regular expressions: the product compiles each with
/// <c>Pattern.CASE_INSENSITIVE</c> and requires the whole request path to match
/// (<c>ResourceConfigKey</c> constructor and <c>equals</c>, wso2-extensions/identity-carbon-auth-rest).
/// This turns one into the .NET pattern that matches the same paths. Java constructs .NET
/// has no form for (possessive quantifiers, class union/intersection, Java-only escapes and
/// property names) are refused with the reason, never approximated: an approximation could
/// match more than the operator wrote.
/// </summary>
public static class JavaRegex
{
    /// <summary>
    /// Bounds one match of a pattern that needs the backtracking engine (lookarounds,
    /// back-references, atomic groups); one that runs past it fails closed. Generous, so a GC
    /// pause or a busy machine never turns into a refusal: patterns without those constructs
    /// run on the linear-time engine and need no bound at all.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const RegexOptions Common = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>
    /// Patterns already compiled, by their Java text: one context serves several rules (a
    /// resource's four verb rules, identity.xml's per-method entries), and building the
    /// case-insensitive linear-time matcher is the dearest step of the host's start: the default
    /// home's 43 rules have 15 patterns, built in 207–237 ms of a ~1.1 s cold start when each rule
    /// built its own, 100–145 ms once each pattern is built once (plain ones now need no
    /// expression: <see cref="PathPattern"/>). A <see cref="PathPattern"/> is immutable and safe to
    /// match from many threads. The keys come from the built-in rules and the operator's files only, never
    /// from a request.
    /// </summary>
    private static readonly ConcurrentDictionary<string, PathPattern> Compiled = new(StringComparer.Ordinal);

    public static bool TryCompile(string javaPattern, out PathPattern? pattern, out string? error)
    {
        if (Compiled.TryGetValue(javaPattern, out pattern))
        {
            error = null;
            return true;
        }

        if (TryReadPlain(javaPattern, out var steps, out var literal))
        {
            // Literal text and wildcards read alike in both dialects: matched without an expression.
            pattern = PathPattern.Plain(steps, literal);
            error = null;
        }
        else if (TryBuild(javaPattern, out var regex, out error))
        {
            pattern = PathPattern.Of(regex!);
        }
        else
        {
            return false;
        }

        pattern = Compiled.GetOrAdd(javaPattern, pattern);
        return true;
    }

    /// <summary>
    /// Whether the context is only literal text (letters, digits, <c>/_-~=&amp;%:,@!</c> and
    /// <c>\.</c>), '.', <c>.*</c>, <c>.+</c>, <c>(.*)</c>, <c>(.+)</c> and <c>(/?)</c>, which Java
    /// and .NET read alike, as the steps <see cref="PathPattern"/> matches. <paramref name="literal"/>
    /// is its longest run of literal characters (null when it has none), which every matching path holds.
    /// </summary>
    private static bool TryReadPlain(string pattern, out PathPattern.Step[] steps, out string? literal)
    {
        var read = new List<PathPattern.Step>();
        var run = new StringBuilder();
        var longest = "";
        steps = [];
        literal = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var rest = pattern.AsSpan(i);
            if (char.IsAsciiLetterOrDigit(c) || "/_-~=&%:,@!".Contains(c) || rest.StartsWith(@"\."))
            {
                i += c == '\\' ? 1 : 0;
                read.Add(PathPattern.Step.Literal(pattern[i]));
                run.Append(pattern[i]);
                continue;
            }

            if (rest.StartsWith("(.*)") || rest.StartsWith("(.+)") || rest.StartsWith("(/?)"))
            {
                c = rest[2];
                i += 3;
                if (c == '?')
                {
                    read.Add(PathPattern.Step.Literal('/', PathPattern.Repeat.Optional));
                }
                else
                {
                    AddWildcards(read, c);
                }
            }
            else if (rest.StartsWith(".*") || rest.StartsWith(".+"))
            {
                AddWildcards(read, rest[1]);
                i++;
            }
            else if (c == '.')
            {
                read.Add(PathPattern.Step.Wildcard(PathPattern.Repeat.Once));
            }
            else
            {
                return false;
            }

            longest = run.Length > longest.Length ? run.ToString() : longest;
            run.Clear();
        }

        if (read.Count > PathPattern.MaxSteps)
        {
            return false;
        }

        longest = run.Length > longest.Length ? run.ToString() : longest;
        literal = longest.Length > 0 ? longest : null;
        steps = [.. read];
        return true;
    }

    /// <summary><c>.*</c> is any number of any character; <c>.+</c> one, then any number.</summary>
    private static void AddWildcards(List<PathPattern.Step> steps, char quantifier)
    {
        if (quantifier == '+')
        {
            steps.Add(PathPattern.Step.Wildcard(PathPattern.Repeat.Once));
        }

        steps.Add(PathPattern.Step.Wildcard(PathPattern.Repeat.Any));
    }

    private static bool TryBuild(string javaPattern, out Regex? regex, out string? error)
    {
        regex = null;
        if (!TryTranslate(javaPattern, out var dotnet, out error))
        {
            return false;
        }

        // \A(?:…)\z: Java's Matcher.matches() needs the whole path, not a substring.
        var whole = @"\A(?:" + dotnet + @")\z";
        try
        {
            // Linear time in the path's length whatever the pattern: no catastrophic backtracking.
            regex = new Regex(whole, Common | RegexOptions.NonBacktracking);
            return true;
        }
        catch (NotSupportedException)
        {
            // Lookarounds and the like need the backtracking engine, which gets a time bound.
        }
        catch (ArgumentException ex)
        {
            error = "not a valid regular expression: " + ex.Message;
            return false;
        }

        try
        {
            regex = new Regex(whole, Common | RegexOptions.Compiled, MatchTimeout);
            return true;
        }
        catch (ArgumentException ex)
        {
            error = "not a valid regular expression: " + ex.Message;
            return false;
        }
    }

    private static bool TryTranslate(string pattern, out string result, out string? error)
    {
        var output = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        error = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (!TryEscape(pattern, ref i, output, out error))
                {
                    break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == '[')
                {
                    error = $"a character class inside a character class (Java's class union) at position {i}; .NET reads it differently: list the characters in one class";
                    break;
                }

                if (c == '&' && i + 1 < pattern.Length && pattern[i + 1] == '&')
                {
                    error = $"Java's class intersection '&&' at position {i}; .NET reads it as two '&' characters: use .NET class subtraction [a-z-[aeiou]] or list the characters";
                    break;
                }

                if (c == ']' && !ClassJustOpened(pattern, i))
                {
                    inClass = false;
                }
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '+' && i > 0 && IsQuantifierEnd(pattern, i - 1))
            {
                error = $"a possessive quantifier at position {i}; write an atomic group (?>…) instead";
                break;
            }

            output.Append(c);
        }

        result = output.ToString();
        return error is null;
    }

    /// <summary>A ']' straight after '[' or '[^' is a literal in both dialects.</summary>
    private static bool ClassJustOpened(string pattern, int i) =>
        pattern[i - 1] == '[' && !IsEscaped(pattern, i - 1)
        || (i >= 2 && pattern[i - 1] == '^' && pattern[i - 2] == '[' && !IsEscaped(pattern, i - 2));

    private static bool IsEscaped(string pattern, int i)
    {
        var slashes = 0;
        for (var j = i - 1; j >= 0 && pattern[j] == '\\'; j--)
        {
            slashes++;
        }

        return slashes % 2 == 1;
    }

    private static bool IsQuantifierEnd(string pattern, int i) =>
        pattern[i] is '*' or '+' or '?' or '}' && !IsEscaped(pattern, i)
        // "a+?" is lazy and "a??" too; only a quantifier directly before '+' is possessive.
        && !(pattern[i] == '?' && i > 0 && pattern[i - 1] == '(');

    private static bool TryEscape(string pattern, ref int i, StringBuilder output, out string? error)
    {
        error = null;
        if (i + 1 >= pattern.Length)
        {
            error = "the pattern ends with a lone '\\'";
            return false;
        }

        var next = pattern[i + 1];
        switch (next)
        {
            case 'Q':
                // \Q…\E quotes a literal run; .NET has no such form, so escape the run instead.
                var end = pattern.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                output.Append(Regex.Escape(literal));
                i = end < 0 ? pattern.Length : end + 1;
                return true;
            case 'h':
                output.Append(@"[\t \xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000]");
                break;
            case 'H':
                output.Append(@"[^\t \xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000]");
                break;
            case 'v':
                // Java's \v is any vertical whitespace; .NET's is only the vertical tab.
                output.Append(@"[\n\x0B\f\r\x85\u2028\u2029]");
                break;
            case 'V':
                output.Append(@"[^\n\x0B\f\r\x85\u2028\u2029]");
                break;
            case 'R' or 'X' or 'N':
                error = $"the Java-only escape \\{next} at position {i}";
                return false;
            case 'x' when i + 2 < pattern.Length && pattern[i + 2] == '{':
                var close = pattern.IndexOf('}', i + 3);
                if (close < 0 || !int.TryParse(pattern.AsSpan(i + 3, close - i - 3), System.Globalization.NumberStyles.HexNumber, null, out var code) || code > 0xFFFF)
                {
                    error = $"the escape \\x{{…}} at position {i} is not a character .NET can write as \\uXXXX";
                    return false;
                }

                output.Append(@"\u").Append(code.ToString("X4"));
                i = close;
                return true;
            case 'p' or 'P' when i + 2 < pattern.Length && pattern[i + 2] == '{':
                var nameEnd = pattern.IndexOf('}', i + 3);
                var name = nameEnd < 0 ? "" : pattern[(i + 3)..nameEnd];
                if (name.StartsWith("java", StringComparison.Ordinal) || name.StartsWith("In", StringComparison.Ordinal)
                    || name.StartsWith("Is", StringComparison.Ordinal) || name.Contains('='))
                {
                    error = $"the Java-only property \\{next}{{{name}}} at position {i}";
                    return false;
                }

                output.Append(pattern, i, nameEnd < 0 ? pattern.Length - i : nameEnd - i + 1);
                i = nameEnd < 0 ? pattern.Length : nameEnd;
                return true;
            default:
                output.Append('\\').Append(next);
                break;
        }

        i++;
        return true;
    }
}
