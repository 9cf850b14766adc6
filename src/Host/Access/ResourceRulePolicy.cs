using Microsoft.AspNetCore.Authorization;

namespace CompatHost.Host.Access;

/// <summary>The access rules as one authorization policy; every endpoint falls back to it.</summary>
public sealed class ResourceRuleRequirement : IAuthorizationRequirement
{
    public const string PolicyName = "CompatHost.ResourceRule";
}
