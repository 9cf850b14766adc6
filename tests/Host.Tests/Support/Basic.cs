using System.Text;

namespace CompatHost.Tests.Support;

public static class Basic
{
    public static (string, string) Header(string user, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
