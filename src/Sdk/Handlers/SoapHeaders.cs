namespace CompatHost.Sdk.Handlers;

/// <summary>One SOAP header element: its qualified name and its text content.</summary>
public readonly record struct SoapHeader(string Namespace, string LocalName, string Value);

/// <summary>The SOAP headers of a request's envelope, read before any handler runs.</summary>
public sealed class SoapHeaders
{
    public static readonly SoapHeaders None = new([]);

    private readonly SoapHeader[] _headers;

    public SoapHeaders(SoapHeader[] headers) => _headers = headers;

    public IReadOnlyList<SoapHeader> All => _headers;

    /// <summary>The text of the first header with this namespace and (case-sensitive, as XML is) local name.</summary>
    public string? Find(string ns, string localName)
    {
        foreach (var header in _headers)
        {
            if (header.LocalName == localName && header.Namespace == ns)
            {
                return header.Value;
            }
        }

        return null;
    }
}
