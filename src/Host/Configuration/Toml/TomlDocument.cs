using Tomlyn.Syntax;
using Tomlyn.Parsing;

namespace CompatHost.Host.Configuration;

/// <summary>A TOML value with the 1-based line it was written on.</summary>
public sealed record TomlValue(object Value, int Line);

/// <summary>One <c>[table]</c> or one <c>[[array.item]]</c> of a TOML file, keys relative to it.</summary>
public sealed record TomlSection(string Path, bool IsArrayItem, int Line, IReadOnlyDictionary<string, TomlValue> Values);

/// <summary>
/// A deployment.toml read through Tomlyn's syntax tree, so every key keeps its line for error
/// messages. Nothing outside the configuration folder sees Tomlyn types.
/// </summary>
public sealed class TomlDocument
{
    private TomlDocument(string file, IReadOnlyList<TomlSection> sections)
    {
        File = file;
        Sections = sections;
    }

    public string File { get; }

    public IReadOnlyList<TomlSection> Sections { get; }

    public static TomlDocument Empty(string file) => new(file, []);

    /// <summary>Parses TOML text; a syntax error throws naming the file and the first bad line.</summary>
    public static TomlDocument Parse(string text, string file)
    {
        var syntax = SyntaxParser.Parse(text, file, true);
        var errors = syntax.Diagnostics
            .Where(d => d.Kind == DiagnosticMessageKind.Error)
            .OrderBy(d => d.Span.Start.Offset)
            .ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            throw new ConfigException([new ConfigError(file, "(syntax)", first.Span.Start.Line + 1,
                first.Message + " — not valid TOML (a string must close on its line; a key needs `= value` on the same line)")]);
        }

        var sections = new List<TomlSection>();
        var root = new Dictionary<string, TomlValue>(StringComparer.Ordinal);
        foreach (var item in syntax.KeyValues)
        {
            Add(root, "", item, file);
        }

        sections.Add(new TomlSection("", false, 1, root));
        foreach (var table in syntax.Tables)
        {
            var values = new Dictionary<string, TomlValue>(StringComparer.Ordinal);
            foreach (var item in table.Items)
            {
                Add(values, KeyText(table.Name), item, file);
            }

            sections.Add(new TomlSection(KeyText(table.Name), table is TableArraySyntax, table.Span.Start.Line + 1, values));
        }

        return new TomlDocument(file, sections);
    }

    /// <summary>Sections at exactly this path (several for a table array).</summary>
    public IEnumerable<TomlSection> At(string path) => Sections.Where(s => s.Path == path);

    /// <summary>Sections directly below this path, e.g. every <c>[event.default_listener.X]</c>.</summary>
    public IEnumerable<(string Name, TomlSection Section)> Children(string path)
    {
        var prefix = path + ".";
        foreach (var section in Sections)
        {
            if (section.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = section.Path[prefix.Length..];
                if (!rest.Contains('.'))
                {
                    yield return (rest, section);
                }
            }
        }
    }

    private static void Add(Dictionary<string, TomlValue> values, string table, KeyValueSyntax item, string file)
    {
        var key = KeyText(item.Key);
        var line = item.Span.Start.Line + 1;
        if (item.Value is null || !values.TryAdd(key, new TomlValue(ToValue(item.Value, file, key, line), line)))
        {
            throw new ConfigException([new ConfigError(file, Qualify(table, key), line, "key is defined twice or has no value")]);
        }
    }

    private static string Qualify(string table, string key) => table.Length == 0 ? key : table + "." + key;

    private static string KeyText(KeySyntax? key)
    {
        if (key is null)
        {
            return "";
        }

        var parts = new List<string> { Part(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(Part(dotted.Key));
        }

        return string.Join('.', parts);
    }

    private static string Part(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static object ToValue(ValueSyntax value, string file, string key, int line) => value switch
    {
        StringValueSyntax s => s.Value ?? "",
        BooleanValueSyntax b => b.Value,
        IntegerValueSyntax i => i.Value,
        FloatValueSyntax f => f.Value,
        ArraySyntax a => a.Items.Select(i => ToValue(i.Value!, file, key, line)).ToList(),
        _ => throw new ConfigException([new ConfigError(file, key, line, $"unsupported value kind {value.GetType().Name}")]),
    };
}
