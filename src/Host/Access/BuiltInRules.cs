using System.Collections.Frozen;

namespace CompatHost.Host.Access;

/// <summary>
/// The rule shapes an endpoint declares with <see cref="EndpointAccessExtensions.WithAccess{TBuilder}(TBuilder, ResourceRule[])"/>.
/// They follow the <c>&lt;ResourceAccessControl&gt;</c> defaults that identity.xml.j2 renders in
/// IS 7 (wso2/carbon-identity-framework; tests/Conformance/product has the rendered file), in the
/// same Java-regex form, and are tried after the operator's rules.
/// </summary>
public static class BuiltInRules
{
    public const string Origin = "built-in default";

    /// <summary>Served without authentication, as the product's valve passes an unsecured resource on.</summary>
    public static ResourceRule Unsecured(string context, string methods = "all") =>
        Make(context, methods, false, [], [], null);

    /// <summary>
    /// Unsecured for the user chain, and no user handler runs: the endpoint authenticates its
    /// client itself (oauth.md), so a client's Basic credentials never cost a password verification.
    /// </summary>
    public static ResourceRule ClientAuthenticated(string context) =>
        Make(context, "all", false, [], [], FrozenSet<string>.Empty);

    public static ResourceRule Secured(string context, string methods, string permission, string scope) =>
        Make(context, methods, true, [permission], [scope], null);

    /// <summary>
    /// The product's four verb rules for a resource: GET view, POST create, PUT/PATCH update,
    /// DELETE delete, each with the leaf of <paramref name="permissionRoot"/> and the internal
    /// scope <c>{scopeStem}_{leaf}</c>.
    /// </summary>
    public static ResourceRule[] Crud(string context, string permissionRoot, string scopeStem) =>
    [
        .. new[] { ("GET", "view"), ("POST", "create"), ("PUT,PATCH", "update"), ("DELETE", "delete") }
            .Select(verb => Secured(context, verb.Item1, $"{permissionRoot}/{verb.Item2}", $"{scopeStem}_{verb.Item2}")),
    ];

    private static ResourceRule Make(string context, string methods, bool secure, string[] permissions, string[] scopes, FrozenSet<string>? handlers)
    {
        if (!JavaRegex.TryCompile(context, out var pattern, out var error))
        {
            throw new InvalidOperationException($"Built-in rule {context}: {error}");
        }

        return new ResourceRule(context, pattern, secure, methods == "all" ? null : methods.Split(',').ToFrozenSet(),
            permissions, scopes, handlers, false, Origin);
    }
}
