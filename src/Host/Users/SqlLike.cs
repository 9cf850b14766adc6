namespace CompatHost.Host.Users;

/// <summary>The product's list filters use <c>*</c> as wildcard; SQL LIKE uses <c>%</c>.</summary>
public static class SqlLike
{
    public static string FromWildcard(string? filter)
    {
        var text = string.IsNullOrEmpty(filter) ? "*" : filter;
        return text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace('*', '%');
    }
}
