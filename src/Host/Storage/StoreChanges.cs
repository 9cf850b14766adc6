namespace CompatHost.Host.Storage;

/// <summary>
/// Change keys (<c>user:...</c>, <c>token:...</c>, <c>*</c>) raised in this process and, with a
/// shared database, received from other nodes; caches subscribe and drop what went stale.
/// </summary>
public sealed class StoreChanges
{
    public const string Everything = "*";

    public event Action<string>? Received;

    public void Raise(string key) => Received?.Invoke(key);
}
