namespace CompatHost.Sdk.Identity;

/// <summary>Permission paths are a tree; a held path grants itself and everything below it.</summary>
public static class PermissionPath
{
    public static bool Grants(string held, string required)
    {
        var h = held.TrimEnd('/');
        var r = required.TrimEnd('/');
        if (h.Length == 0)
        {
            return false;
        }

        return r.Equals(h, StringComparison.OrdinalIgnoreCase)
            || (r.Length > h.Length
                && r[h.Length] == '/'
                && r.StartsWith(h, StringComparison.OrdinalIgnoreCase));
    }
}
