namespace CompatHost.Sdk.Handlers;

/// <summary>The chains a handler joins: REST resources, SOAP admin services, or both.</summary>
[Flags]
public enum HandlerChains
{
    None = 0,
    Rest = 1,
    SoapAdmin = 2,
    Both = Rest | SoapAdmin,
}
