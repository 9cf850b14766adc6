namespace CompatHost.Host.Storage;

/// <summary>
/// A service that exists only once the database is open. Handlers are built before config is
/// read (config says which database), so they take this and the host attaches the value before
/// serving any request.
/// </summary>
public sealed class Deferred<T> where T : class
{
    private T? _value;

    public T Value => _value ?? throw new InvalidOperationException($"{typeof(T).Name} is not available yet.");

    public void Attach(T value) => _value = value;
}
