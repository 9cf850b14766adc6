using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Typed reads from one TOML section that record, rather than throw, every wrong type, so an
/// operator sees all problems of a file at once. Keys read are remembered: what is left over
/// is reported as an unknown key.
/// </summary>
public sealed class TomlSectionReader(string file, TomlSection section, ConfigDiagnostics diagnostics) : IConfigTable
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public TomlSection Section => section;

    public string File => file;

    public int Line => section.Line;

    public int LineOf(string key) => section.Values.TryGetValue(key, out var v) ? v.Line : section.Line;

    public string? String(string key) => Read(key, "a string", v => v as string);

    /// <summary>
    /// The product renders its templates as text, so <c>enable = "true"</c> means what
    /// <c>enable = true</c> does; this host reads both the same.
    /// </summary>
    public bool? Bool(string key) => Read<bool?>(key, "true or false", v => v switch
    {
        bool b => b,
        string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
        _ => null,
    });

    /// <summary>An integer, also written as a string (<c>priority = "50"</c>), as the product's templates accept.</summary>
    public int? Int(string key) => Read<int?>(key, "an integer", v => v switch
    {
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        string s when int.TryParse(s.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    });

    /// <summary>
    /// A list of strings, also accepting one string: comma-separated where the product's
    /// template splits it, else one item.
    /// </summary>
    public IReadOnlyList<string>? List(string key, bool splitCommas = true) => Read<IReadOnlyList<string>?>(key, "a list of strings or a comma-separated string", v => v switch
    {
        string s when !splitCommas => [s.Trim()],
        string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        List<object> items when items.All(i => i is string) => items.Cast<string>().Select(i => i.Trim()).ToList(),
        _ => null,
    });

    /// <summary>Every value of the section as text (for handler parameter dictionaries).</summary>
    public IEnumerable<KeyValuePair<string, string>> AllAsText()
    {
        foreach (var (key, value) in section.Values)
        {
            _read.Add(key);
            var text = value.Value switch
            {
                bool b => b ? "true" : "false",
                List<object> items => string.Join(',', items),
                var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            };
            yield return new(key, text);
        }
    }

    public void Error(string key, string message) =>
        diagnostics.Error(new ConfigError(file, Qualify(key), LineOf(key), message));

    /// <summary>Keys nobody read are warnings naming the key: likely typos of ours.</summary>
    public void WarnUnreadKeys()
    {
        foreach (var key in section.Values.Keys.Where(k => !_read.Contains(k)))
        {
            diagnostics.Warning(new ConfigError(file, Qualify(key), LineOf(key), "unknown key, ignored"));
        }
    }

    private string Qualify(string key) => section.Path.Length == 0 ? key : section.Path + "." + key;

    private T? Read<T>(string key, string expected, Func<object, T?> convert)
    {
        _read.Add(key);
        if (!section.Values.TryGetValue(key, out var value))
        {
            return default;
        }

        var converted = convert(value.Value);
        if (converted is null)
        {
            Error(key, $"expected {expected}, found {Describe(value.Value)}");
        }

        return converted;
    }

    private static string Describe(object value) => value switch
    {
        string s => $"the string \"{s}\"",
        bool b => b ? "true" : "false",
        List<object> => "a list",
        _ => value.ToString() ?? "nothing",
    };
}
