using System.Collections.Concurrent;
using System.Reflection;
using System.ServiceModel;

namespace CompatHost.Host.Soap;

/// <summary>
/// The permission an admin-service operation needs, declared on the operation itself (Axis2's
/// per-operation <c>AuthorizationAction</c> parameter of the product's services.xml).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AdminPermissionAttribute(string permission) : Attribute
{
    /// <summary>Said explicitly for an operation the product runs without authentication (<c>DoAuthentication</c> false).</summary>
    public const string NoneNeeded = "(none: no authentication)";

    public string Permission { get; } = permission;
}

/// <summary>
/// Every operation's permission, read once per contract. Carbon refuses a call to an operation
/// without an <c>AuthorizationAction</c> ("Unauthorized call!", carbon-kernel
/// <c>AuthorizationHandler</c>); here an undeclared operation is a startup error instead, so
/// nothing new is ever open by accident.
/// </summary>
public static class AdminPermissions
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, string>> Tables = new();

    /// <summary>Operation name to permission; throws naming every operation that declares none.</summary>
    public static IReadOnlyDictionary<string, string> Of(Type contract) => Tables.GetOrAdd(contract, Read);

    public static string For<TContract>(string operation) => Of(typeof(TContract))[operation];

    private static IReadOnlyDictionary<string, string> Read(Type contract)
    {
        var operations = contract.GetMethods()
            .Select(m => (Name: m.GetCustomAttribute<OperationContractAttribute>()?.Name ?? m.Name, m.GetCustomAttribute<AdminPermissionAttribute>()?.Permission))
            .ToList();
        var missing = operations.Where(o => o.Permission != AdminPermissionAttribute.NoneNeeded && o.Permission?.StartsWith("/permission/", StringComparison.Ordinal) != true).Select(o => o.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{contract.Name}: operation(s) {string.Join(", ", missing)} declare no [AdminPermission(\"/permission/...\")]; every admin operation must name the permission it needs.");
        }

        return operations.ToDictionary(o => o.Name, o => o.Permission!, StringComparer.Ordinal);
    }
}
