namespace CompatHost.Tests.Support;

/// <summary>Reads a conformance TSV (first line: column names) as theory rows keyed by column.</summary>
public static class ConformanceTable
{
    public static IEnumerable<object[]> Rows(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Conformance, file)).Where(l => l.Length > 0).ToList();
        var columns = lines[0].Split('\t');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split('\t');
            var row = columns.Zip(cells).ToDictionary(p => p.First, p => p.Second);
            yield return [new ConformanceRow(row)];
        }
    }
}

/// <summary>One row; its ToString is the case name so a failing theory names its case.</summary>
public sealed class ConformanceRow(IReadOnlyDictionary<string, string> cells)
{
    public string this[string column] => cells[column];

    /// <summary>The cell, or null for the tables' "-".</summary>
    public string? Optional(string column) => cells[column] == "-" ? null : cells[column];

    public override string ToString() => cells["case"];
}

/// <summary>The tables' issuer and thumbprint words (conformance README).</summary>
public static class ConformanceWords
{
    public static string Issuer(string word) => word switch
    {
        "CA" => TestPki.AdvisoryDn,
        "CA_REV" => TestPki.AdvisoryDnReversed,
        "CA_ALIAS" => TestPki.AdvisoryDnAliases,
        "OTHER" => TestPki.OtherDn,
        _ => throw new ArgumentException("unknown issuer word " + word),
    };

    public static string Thumbprint(string word)
    {
        if (word == "*")
        {
            return "*";
        }

        var (kind, name) = (word[..word.IndexOf(':')], word[(word.IndexOf(':') + 1)..]);
        var colon = TestPki.Fingerprint(TestPki.Instance.Client(name));
        return kind switch
        {
            "fp" => colon,
            "fplow" => colon.Replace(":", "").ToLowerInvariant(),
            _ => throw new ArgumentException("unknown thumbprint word " + word),
        };
    }
}
