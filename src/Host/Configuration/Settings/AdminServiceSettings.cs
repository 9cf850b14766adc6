namespace CompatHost.Host.Configuration;

/// <summary><c>[admin_service]</c>; <paramref name="WsdlEnabled"/> shows admin-service WSDLs (hidden by default, as in the product).</summary>
public sealed record AdminServiceSettings(bool FaultsForInOnly, bool WsdlEnabled);
