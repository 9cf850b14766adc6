using System.Text.RegularExpressions;
using CompatHost.Host.Access;

namespace CompatHost.Tests.Access;

/// <summary>
/// Access-rule contexts read as the product reads them: Java regular expressions matched
/// against the whole path, ignoring case (ResourceConfigKey in identity-carbon-auth-rest).
/// </summary>
public sealed class JavaRegexTests
{
    [Theory]
    // The product's own default rule shapes.
    [InlineData("(.*)/scim2/Users(.*)", "/scim2/Users/abc", true)]
    [InlineData("(.*)/scim2/Users(.*)", "/t/abc.com/scim2/Users", true)]
    [InlineData("(.*)/scim2/Users(/?)", "/scim2/Users/", true)]
    [InlineData("(.*)/scim2/Users(/?)", "/scim2/Users/abc", false)]
    [InlineData("(.*)/scim2/Users/(.+)", "/scim2/Users/abc", true)]
    [InlineData("(.*)/scim2/Users/(.+)", "/scim2/Users/", false)]
    // Whole path, not a substring (Matcher.matches()).
    [InlineData("/scim2/Me", "/t/abc.com/scim2/Me", false)]
    [InlineData("/scim2/Me", "/scim2/Me/x", false)]
    // CASE_INSENSITIVE.
    [InlineData("/scim2/Me", "/SCIM2/me", true)]
    // A glob-looking context is a regex: "/api/identity" followed by zero or more '/'.
    [InlineData("/api/identity/*", "/api/identity", true)]
    [InlineData("/api/identity/*", "/api/identity//", true)]
    [InlineData("/api/identity/*", "/api/identity/user/v1/me", false)]
    [InlineData("/api/*/v1/me", "/api/users/v1/me", false)]
    // Java-only forms that .NET can express are translated, not approximated.
    [InlineData(@"/a\Q.b*\E", "/a.b*", true)]
    [InlineData(@"/a\Q.b*\E", "/axbbb", false)]
    [InlineData(@"/x\x{41}", "/xA", true)]
    [InlineData(@"/a\hb", "/a b", true)]
    [InlineData(@"^(?!/api/health).*", "/scim2/Me", true)]
    [InlineData(@"^(?!/api/health).*", "/api/health", false)]
    public void Context_MatchesAsTheProductDoes(string context, string path, bool matches)
    {
        Assert.True(JavaRegex.TryCompile(context, out var regex, out var error), error);

        Assert.Equal(matches, regex!.IsMatch(path));
    }

    [Theory]
    [InlineData("(.*)/scim2/Users(.*", "not a valid regular expression")]
    [InlineData("/a*+", "possessive quantifier")]
    [InlineData("/[a-z&&[^e]]", "class")]
    [InlineData("/[a-z&&b]", "intersection")]
    [InlineData(@"/\p{javaLowerCase}", "Java-only property")]
    [InlineData(@"/\p{IsLatin}", "Java-only property")]
    [InlineData(@"/a\R", @"Java-only escape \R")]
    [InlineData(@"/a\", "lone")]
    public void JavaOnlyOrInvalid_IsRefusedWithTheReason(string context, string expected)
    {
        Assert.False(JavaRegex.TryCompile(context, out _, out var error));

        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("/a+?")]
    [InlineData("/a??b")]
    [InlineData("/(?:a)+")]
    [InlineData("/a{2}")]
    public void LazyAndPlainQuantifiers_AreNotMistakenForPossessive(string context) =>
        Assert.True(JavaRegex.TryCompile(context, out _, out var error), error);

    [Fact]
    public void NestedQuantifiers_RunInLinearTime_WithoutABound()
    {
        Assert.True(JavaRegex.TryCompile("(.*)/(a+)+b", out var pattern, out _));

        Assert.DoesNotMatch(pattern!.Regex!, "/" + new string('a', 5000) + "c");
        Assert.Equal(Regex.InfiniteMatchTimeout, pattern.Regex!.MatchTimeout);
    }

    [Fact]
    public void CatastrophicContext_TimesOut_AndTheRequestIsRefused()
    {
        // A lookahead needs the backtracking engine, so this one can explode; the bound stops it.
        const string context = "(.*)/(?=(a+)+b).*";
        Assert.True(JavaRegex.TryCompile(context, out var pattern, out _));
        Assert.Equal(JavaRegex.MatchTimeout, pattern!.Regex!.MatchTimeout);
        var rule = new ResourceRule(context, pattern, false, null, [], [], null, false, "test");
        var open = new ResourceRule("(.*)", null, false, null, [], [], null, false, "test");
        var access = new AccessControl([rule, open], defaultDeny: false);

        var path = "/" + new string('a', 64) + "c";
        var decided = access.RuleFor("/x", path, "GET");

        Assert.True(decided.Deny);
        Assert.Contains("timed out", decided.Origin);
        // A timed-out walk is not remembered: the next request is judged afresh, not by a memo.
        Assert.NotSame(decided, access.RuleFor("/x", path, "GET"));
    }

    [Theory]
    [InlineData("/scim2/../api/x")]
    [InlineData("/scim2/.;/Users")]
    [InlineData("/scim2/Users;jsessionid=1/x")]
    [InlineData("/scim2/%2e%2e/x")]
    public void UnnormalizedPath_IsRefusedBeforeAnyRule(string raw)
    {
        var open = new ResourceRule("(.*)", PathPattern.Of(new Regex(".*")), false, null, [], [], null, false, "test");

        Assert.True(new AccessControl([open], defaultDeny: false).RuleFor(raw, "/x", "GET").Deny);
    }

    /// <summary>
    /// The one-pass URL filter against the product's expression, as JavaRegex builds it: every
    /// path up to six characters over the characters the expression names (and a line feed, an
    /// 'x', an 'E'), then every UTF-16 code unit in the places a case-insensitive "%2e" and the
    /// dots read, then long random paths.
    /// </summary>
    [Fact]
    public void UrlFilter_DecidesAsTheProductsExpression()
    {
        Assert.True(JavaRegex.TryCompile(AccessControl.UrlPathFilter, out var expression, out var error), error);
        Assert.NotNull(expression!.Regex);
        var checkedPaths = 0;
        void Same(string path)
        {
            Assert.True(expression.IsMatch(path) == AccessControl.IsUnnormalized(path), $"'{path.ReplaceLineEndings("\\n")}': the expression says {expression.IsMatch(path)}");
            checkedPaths++;
        }

        const string Alphabet = "/.;%2eEx\n";
        var paths = new List<string> { "" };
        for (var length = 1; length <= 6; length++)
        {
            paths = [.. paths.SelectMany(p => Alphabet.Select(c => p + c))];
            paths.ForEach(Same);
        }

        for (var c = 0; c < 0x10000; c++)
        {
            var unit = ((char)c).ToString();
            Same("/%2" + unit + "/");
            Same("/" + unit + "/x");
            Same("/a/" + unit + unit + "/");
        }

        var random = new Random(15);
        for (var i = 0; i < 20_000; i++)
        {
            Same(new string([.. Enumerable.Range(0, random.Next(7, 40)).Select(_ => (Alphabet + "ab")[random.Next(Alphabet.Length + 2)])]));
        }

        Assert.True(checkedPaths > 600_000, $"{checkedPaths} paths");
    }

    [Fact]
    public void RememberedLookups_AnswerAsTheWalkDid_PerPathAndMethod()
    {
        Assert.True(JavaRegex.TryCompile("(.*)/scim2/Users(/?)", out var list, out _));
        Assert.True(JavaRegex.TryCompile("(.*)/scim2/Users/(.+)", out var one, out _));
        var listRule = new ResourceRule("list", list, true, System.Collections.Frozen.FrozenSet.ToFrozenSet(["GET"]), [], [], null, false, "test");
        var oneRule = new ResourceRule("one", one, true, null, [], [], null, false, "test");
        var access = new AccessControl([listRule, oneRule], defaultDeny: true);

        for (var i = 0; i < 3; i++)
        {
            Assert.Same(listRule, access.RuleFor("/scim2/Users", "/scim2/Users", "GET"));
            Assert.True(access.RuleFor("/scim2/Users", "/scim2/Users", "POST").Deny);
            Assert.Same(oneRule, access.RuleFor("/scim2/Users/x", "/scim2/Users/x", "POST"));
            // The query string is no part of what a context matches (the product's request URI has none).
            Assert.Same(listRule, access.RuleFor("/scim2/Users?filter=a;b/../c", "/scim2/Users", "GET"));
        }
    }

    [Fact]
    public void NoRuleMatches_DenyOrSecured_AsDefaultAccessSays()
    {
        Assert.True(new AccessControl([], defaultDeny: true).RuleFor("/x", "/x", "GET").Deny);
        var secured = new AccessControl([], defaultDeny: false).RuleFor("/x", "/x", "GET");
        Assert.False(secured.Deny);
        Assert.True(secured.Secure);
    }

    /// <summary>
    /// Every context of the product's identity.xml, plain ones matched by their steps behind their
    /// literal run, decides each path as the expression made of it does: witnesses of
    /// every context (so matches and near misses of the others), in other cases, with a Kelvin
    /// sign for 'k', a line end, an 'x' for each dot, a tenant prefix and a character dropped.
    /// </summary>
    [Fact]
    public void PlainContexts_DecideAsTheirExpression()
    {
        var contexts = System.Xml.Linq.XDocument.Load(Path.Combine(Support.Repo.Conformance, "product", "identity.xml"))
            .Descendants().Where(e => e.Name.LocalName == "Resource").Select(e => (string?)e.Attribute("context")).OfType<string>()
            .Distinct().ToList();
        var paths = contexts.SelectMany(Witnesses).Distinct().ToList();
        Assert.True(contexts.Count >= 200, $"only {contexts.Count} contexts");
        foreach (var context in contexts.Where(c => !c.Contains("(?", StringComparison.Ordinal)))
        {
            Assert.True(JavaRegex.TryCompile(context, out var pattern, out var error), error);
            var reference = new Regex(@"\A(?:" + context + @")\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            foreach (var path in paths)
            {
                Assert.True(reference.IsMatch(path) == pattern!.IsMatch(path), $"{context} on {path}");
            }
        }
    }

    private static IEnumerable<string> Witnesses(string context)
    {
        var path = context.Replace("(.*)", "/t/k.com").Replace("(.+)", "/x").Replace("(/?)", "/").Replace(".*", "").Replace(".+", "y")
            .Replace(@"\.", ".");
        yield return path;
        yield return path.ToUpperInvariant();
        yield return path.ToLowerInvariant().Replace('k', '\u212A');
        yield return path + "\n";
        yield return path.Replace('.', 'x');
        yield return "/t/abc" + path;
        yield return path.Length > 2 ? path.Remove(path.Length / 2, 1) : path;
    }

    /// <summary>
    /// What the literal guard assumes of the expression's case-insensitive comparison: a literal
    /// character a plain context may hold matches itself, its other ASCII case and, for 'k', the
    /// Kelvin sign (U+212A), and nothing else among all UTF-16 code units.
    /// </summary>
    [Fact]
    public void CaseInsensitiveLiterals_MatchTheirOtherCase_AndKelvinForK_Only()
    {
        var everything = new string(Enumerable.Range(0, 0x10000).Select(c => (char)c).ToArray());
        foreach (var literal in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-~=&%:,@!.")
        {
            var matched = new Regex(Regex.Escape(literal.ToString()), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
                .Matches(everything).Select(m => m.Value[0]).Order().ToList();
            var expected = new[] { literal, char.ToUpperInvariant(literal), char.ToLowerInvariant(literal) }
                .Concat(char.ToLowerInvariant(literal) == 'k' ? ['\u212A'] : []).Distinct().Order().ToList();
            Assert.Equal(expected, matched);
        }
    }

    [Fact]
    public void PlainContexts_NeedNoExpression_AndLongOnesStillMatch()
    {
        Assert.True(JavaRegex.TryCompile("(.*)/plain/Only(.*)", out var pattern, out _));
        Assert.Null(pattern!.Regex);
        Assert.False(pattern.IsMatch("/scim2/Users"));
        Assert.True(pattern.IsMatch("/t/x.com/PLAIN/only/1"));
        Assert.False(pattern.IsMatch("/plain/Onl"));
        // A Kelvin sign is read as 'k' by the expression, so by the steps too.
        Assert.True(JavaRegex.TryCompile("(.*)/plain/kelvin", out var kelvin, out _));
        Assert.True(kelvin!.IsMatch("/plain/\u212Aelvin"));

        // Past the steps a position set holds, a context gets its expression: the same answers.
        var segment = new string('a', PathPattern.MaxSteps);
        Assert.True(JavaRegex.TryCompile("(.*)/" + segment, out var longOne, out _));
        Assert.NotNull(longOne!.Regex);
        Assert.True(longOne.IsMatch("/x/" + segment.ToUpperInvariant()));
        Assert.False(longOne.IsMatch("/x/" + segment[1..]));
    }
}
