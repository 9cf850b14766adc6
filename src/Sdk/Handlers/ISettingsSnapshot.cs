namespace CompatHost.Sdk.Handlers;

/// <summary>
/// One immutable config snapshot. A request holds one snapshot from start to end, so a hot
/// reload never shows it a mix of old and new settings.
/// </summary>
public interface ISettingsSnapshot
{
    /// <summary>A typed settings section (e.g. a built-in handler's validated settings record).</summary>
    T Section<T>() where T : class;
}
