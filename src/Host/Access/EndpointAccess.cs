namespace CompatHost.Host.Access;

/// <summary>
/// Endpoint metadata: who may call the endpoint, declared where it is mapped. Every mapped
/// endpoint carries one, or the host does not start (<see cref="EndpointAccessRules"/>): a new
/// endpoint cannot be open by omission. A REST endpoint's <see cref="Rules"/> become the
/// built-in default rules, tried after the operator's.
/// </summary>
public sealed record EndpointAccess(IReadOnlyList<ResourceRule> Rules)
{
    /// <summary>
    /// An admin service: the SOAP rule (<see cref="SoapAccessRules"/>) asks for an authenticated
    /// caller and each operation's <c>[AdminPermission]</c> names its permission, a missing one
    /// being a startup error of its own.
    /// </summary>
    public static readonly EndpointAccess PerOperation = new([]);
}
