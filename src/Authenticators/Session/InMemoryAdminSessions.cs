using System.Collections.Concurrent;
using System.Security.Cryptography;
using CompatHost.Sdk.Identity;

namespace CompatHost.Authenticators.Session;

/// <summary>
/// Sessions held by this process: 256-bit random ids, 15 minutes idle timeout (the product's
/// default), at most <see cref="Capacity"/> live sessions (the oldest idle ones go first).
/// </summary>
public sealed class InMemoryAdminSessions(TimeProvider time) : IAdminSessions
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, (QualifiedUserName User, DateTimeOffset LastUse)> _sessions = new(StringComparer.Ordinal);

    public string Start(QualifiedUserName user)
    {
        if (_sessions.Count >= Capacity)
        {
            foreach (var (id, _) in _sessions.OrderBy(s => s.Value.LastUse).Take(Capacity / 10))
            {
                _sessions.TryRemove(id, out _);
            }
        }

        var session = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        _sessions[session] = (user, time.GetUtcNow());
        return session;
    }

    public QualifiedUserName? Find(string id)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now - session.LastUse > IdleTimeout)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        _sessions[id] = (session.User, now);
        return session.User;
    }

    public void End(string id) => _sessions.TryRemove(id, out _);
}
