using System.Text.Json.Serialization;

namespace CompatHost.Host.Audit;

/// <summary>One decision, as a line of repository/logs/audit.log (spec README: Request pipeline).</summary>
public readonly record struct AuditRecord(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("remote")] string? Remote,
    [property: JsonPropertyName("chain")] string Chain,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("operation")] string? Operation,
    [property: JsonPropertyName("handler")] string? Handler,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("reason")] string? Reason);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditRecord))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
