using System.Buffers.Text;
using System.Text;

namespace CompatHost.Sdk.Handlers;

/// <summary>
/// Contract 1.2: the user and password an <c>Authorization: Basic</c> value carries, read one way
/// for every consumer (the REST handler, the admin chain's fallback, OAuth client
/// authentication). Callers decide how they match the scheme word; this reads what follows it.
/// </summary>
public readonly record struct BasicCredentials(string UserName, string Password)
{
    public const string SchemePrefix = "Basic ";

    /// <summary>Longer than any real user:password pair; refused before decoding.</summary>
    private const int MaxEncodedLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>
    /// Reads the value after <see cref="SchemePrefix"/>: exactly one space before it (the product
    /// splits the header on a space and wants two parts), strict base64 of strict UTF-8
    /// <c>user:password</c>, split at the first colon, with a non-empty user.
    /// </summary>
    /// <param name="problem">Why the value was refused, for the audit log; never the password.</param>
    public static bool TryParse(string header, out BasicCredentials credentials, out string problem)
    {
        credentials = default;
        problem = "";
        var encoded = header.AsSpan(Math.Min(SchemePrefix.Length, header.Length)).TrimEnd();
        if (encoded.Length > 0 && char.IsWhiteSpace(encoded[0]))
        {
            problem = "malformed Basic header: more than one space after the scheme";
            return false;
        }

        if (encoded.Length == 0 || encoded.Length > MaxEncodedLength || !Base64.IsValid(encoded, out var length))
        {
            problem = "malformed Basic header: not base64";
            return false;
        }

        var bytes = new byte[length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written))
        {
            problem = "malformed Basic header: not base64";
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            problem = "malformed Basic header: not UTF-8";
            return false;
        }

        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            problem = colon == 0 ? "empty user name in Basic credentials" : "malformed Basic header: no colon";
            return false;
        }

        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }
}
