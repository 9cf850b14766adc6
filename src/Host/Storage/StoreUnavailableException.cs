namespace CompatHost.Host.Storage;

/// <summary>The database cannot be reached; requests that need it get 503 until it returns.</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
