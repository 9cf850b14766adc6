namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Contract 1.4: one TOML table of deployment.toml (<c>[a.b]</c>, or one <c>[[a.b]]</c> item) as
/// the host parsed it. Reads are typed the way the product's templates render values (a
/// <c>"true"</c> string is true); a value of the wrong type is reported as an error naming the key
/// and its line, and reads as null. Keys never read are reported by <see cref="WarnUnreadKeys"/>.
/// </summary>
public interface IConfigTable
{
    /// <summary>The file the table was written in.</summary>
    string File { get; }

    /// <summary>The line of the table's header.</summary>
    int Line { get; }

    string? String(string key);

    bool? Bool(string key);

    int? Int(string key);

    /// <summary>
    /// A list of strings, also accepting one string: split at commas where the product's template
    /// splits it (<paramref name="splitCommas"/>), else one item.
    /// </summary>
    IReadOnlyList<string>? List(string key, bool splitCommas = true);

    /// <summary>The line a key was written on, or the table's when it was not.</summary>
    int LineOf(string key);

    void Error(string key, string message);

    /// <summary>Every key nobody read is a warning naming it: likely a typo.</summary>
    void WarnUnreadKeys();
}
