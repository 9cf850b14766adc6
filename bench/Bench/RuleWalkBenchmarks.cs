using System.Text.RegularExpressions;
using System.Xml.Linq;
using BenchmarkDotNet.Attributes;
using CompatHost.Host.Access;

namespace CompatHost.Bench;

/// <summary>
/// A GET's first walk of the product's access rules (tests/Conformance/product/identity.xml, in
/// file order, a rule for other methods passed over), as a request runs it before the rule memo
/// knows the path: each context as the host
/// matches it (plain ones by <see cref="PathPattern"/>'s steps) against the same contexts as
/// linear-time expressions built ahead, the baseline. Both find the same rule.
/// </summary>
[MemoryDiagnoser]
public class RuleWalkBenchmarks
{
    private const RegexOptions Expression = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private PathPattern[] _host = [];
    private PathPattern[] _expressions = [];
    private bool[] _forGet = [];

    [Params("/scim2/Users/0b6e7c1d", "/t/example.com/api/server/v1/applications/42/inbound-protocols", "/no/rule/matches/this")]
    public string Path { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var resources = XDocument.Load(ProductIdentityXml()).Descendants().Where(e => e.Name.LocalName == "Resource").ToList();
        var contexts = resources.Select(e => (string)e.Attribute("context")!).ToList();
        _forGet = [.. resources.Select(e => ((string?)e.Attribute("http-method") ?? "all") is var methods
            && (methods == "all" || methods.Split(',').Any(m => m.Trim() == "GET")))];
        _host = [.. contexts.Select(c => JavaRegex.TryCompile(c, out var pattern, out var error) ? pattern! : throw new InvalidOperationException(error))];
        _expressions = [.. contexts.Select((c, i) => _host[i].Regex is { } regex ? PathPattern.Of(regex) : PathPattern.Of(new Regex(@"\A(?:" + c + @")\z", Expression)))];
        if (FirstMatch(_host) != FirstMatch(_expressions))
        {
            throw new InvalidOperationException($"the walks disagree on {Path}");
        }
    }

    [Benchmark(Baseline = true)]
    public int Expressions() => FirstMatch(_expressions);

    [Benchmark]
    public int Host() => FirstMatch(_host);

    private int FirstMatch(PathPattern[] patterns)
    {
        for (var i = 0; i < patterns.Length; i++)
        {
            if (_forGet[i] && patterns[i].IsMatch(Path))
            {
                return i;
            }
        }

        return -1;
    }

    private static string ProductIdentityXml()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = System.IO.Path.Combine(dir.FullName, "tests", "Conformance", "product", "identity.xml");
            if (File.Exists(file))
            {
                return file;
            }
        }

        throw new FileNotFoundException("run from inside the repository: tests/Conformance/product/identity.xml not found above the benchmark");
    }
}
