namespace CompatHost.Sdk.Identity;

/// <summary>A user as handlers and authorization see it: roles and the permissions they grant.</summary>
public sealed record UserAccount(
    string Id,
    QualifiedUserName UserName,
    bool Locked,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions)
{
    /// <summary>
    /// Holding a permission grants its whole subtree: <c>/permission/admin</c> grants
    /// <c>/permission/admin/manage/identity</c> (spec README: Users).
    /// </summary>
    public bool HasPermission(string required)
    {
        foreach (var held in Permissions)
        {
            if (PermissionPath.Grants(held, required))
            {
                return true;
            }
        }

        return false;
    }
}
