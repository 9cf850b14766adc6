namespace CompatHost.Host.Users;

/// <summary>
/// Marks a flow that must leave no trace in the store (<c>explain</c>): a wrong password is not
/// counted toward a lockout and a good one resets nothing. Flows with the execution context, so
/// a handler deep in the chain sees it without knowing about it.
/// </summary>
public static class PasswordSideEffects
{
    private static readonly AsyncLocal<bool> Suppressed = new();

    /// <summary>True unless a <see cref="Suppress"/> scope is open on this flow.</summary>
    public static bool Recorded => !Suppressed.Value;

    public static IDisposable Suppress()
    {
        Suppressed.Value = true;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Suppressed.Value = false;
    }
}
