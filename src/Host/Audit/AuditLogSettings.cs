namespace CompatHost.Host.Audit;

/// <summary>
/// <c>[audit_log]</c> (a host extension): when the current file is rotated — by size or by
/// age, whichever comes first — and how many rotated files are kept.
/// </summary>
public sealed record AuditLogSettings(long MaxFileBytes, TimeSpan MaxFileAge, int RetainedFiles)
{
    public static readonly AuditLogSettings Default = new(64L * 1024 * 1024, TimeSpan.FromDays(1), 14);
}
