namespace CompatHost.Host.Startup;

/// <summary>Command-line options: <c>--home DIR</c>, <c>--port N</c> (0 = any free port).</summary>
public sealed record HostOptions(string Home, int? Port, string[] Rest)
{
    public const string DefaultHome = "compathost-home";

    public static HostOptions Parse(string[] args)
    {
        string home = DefaultHome;
        int? port = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--home" when i + 1 < args.Length:
                    home = args[++i];
                    break;
                case "--port" when i + 1 < args.Length:
                    port = int.TryParse(args[++i], out var p) && p is >= 0 and <= 65535
                        ? p
                        : throw new ArgumentException($"--port expects a number from 0 to 65535, found '{args[i]}'");
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new HostOptions(home, port, rest.ToArray());
    }
}
