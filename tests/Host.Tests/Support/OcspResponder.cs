using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Tests.Support;

/// <summary>
/// A real OCSP responder: <c>openssl ocsp</c> on a free port, answering for <paramref name="ca"/>
/// from an <c>openssl ca</c>-format index (V = valid, R = revoked), signing with the CA's key
/// and saying the answer holds for 5 minutes (nextUpdate).
/// </summary>
public sealed class OcspResponder : IDisposable
{
    private readonly string _dir;
    private readonly Process _process;

    private OcspResponder(string dir, Process process, int port)
    {
        _dir = dir;
        _process = process;
        Url = $"http://127.0.0.1:{port}/";
    }

    public string Url { get; }

    /// <param name="port">Chosen beforehand: the certificates it answers for name it.</param>
    public static async Task<OcspResponder> StartAsync(X509Certificate2 ca, IEnumerable<X509Certificate2> valid, IEnumerable<X509Certificate2> revoked, int port)
    {
        var dir = Path.Combine(Path.GetTempPath(), "compathost-ocsp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "ca.key"), ca.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllLines(Path.Combine(dir, "index.txt"),
            valid.Select(c => IndexLine(c, null)).Concat(revoked.Select(c => IndexLine(c, DateTimeOffset.UtcNow.AddMinutes(-10)))));
        var process = Process.Start(new ProcessStartInfo("openssl",
            ["ocsp", "-index", "index.txt", "-port", port.ToString(CultureInfo.InvariantCulture), "-rsigner", "ca.pem", "-rkey", "ca.key",
             "-CA", "ca.pem", "-nmin", "5", "-ignore_err"])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
        })!;
        var responder = new OcspResponder(dir, process, port);
        // Not a TCP probe: openssl 3.0's responder waits forever on a connection that closes
        // without a request, and would answer nobody after it. It says when it is listening.
        var ready = ReadUntilAsync(process.StandardError, "waiting for OCSP client connections");
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(10))) != ready || !await ready)
        {
            responder.Dispose();
            throw new InvalidOperationException("openssl ocsp did not start");
        }

        return responder;
    }

    /// <summary>Stops the responder (a test may stop it early: then the later dispose does nothing).</summary>
    public void Dispose()
    {
        if (!Directory.Exists(_dir))
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_dir, true);
    }

    private static async Task<bool> ReadUntilAsync(StreamReader output, string marker)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                // Keep draining, so the responder never blocks on a full pipe.
                _ = output.BaseStream.CopyToAsync(Stream.Null);
                return true;
            }
        }

        return false;
    }

    /// <summary>One line of an <c>openssl ca</c> database: status, expiry, revocation time, serial, file, subject.</summary>
    private static string IndexLine(X509Certificate2 certificate, DateTimeOffset? revokedAt) => string.Join('\t',
        revokedAt is null ? "V" : "R",
        OpensslTime(certificate.NotAfter.ToUniversalTime()),
        revokedAt is { } at ? OpensslTime(at.UtcDateTime) : "",
        certificate.SerialNumber,
        "unknown",
        "/" + certificate.Subject.Replace(", ", "/", StringComparison.Ordinal));

    private static string OpensslTime(DateTime utc) => utc.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
}
