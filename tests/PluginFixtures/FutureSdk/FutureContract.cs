namespace CompatHost.Sdk;

public abstract class FutureContract
{
    public abstract string Id { get; }
}
