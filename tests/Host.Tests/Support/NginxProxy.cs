using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Tests.Support;

/// <summary>
/// A real nginx (Debian's nginx-light) on a free loopback port in front of a host, as operators
/// run it: it terminates TLS, verifies client certificates against the test client CA
/// (<c>ssl_verify_client on</c>) and forwards the verified certificate as
/// <c>X-Client-Cert: $ssl_client_escaped_cert</c> over HTTPS to the host.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly string _dir;
    private readonly Process _process;

    private NginxProxy(string dir, Process process, int port)
    {
        _dir = dir;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public HostClient Client => new(Port);

    public static async Task<NginxProxy> StartAsync(int upstreamPort)
    {
        var dir = Path.Combine(Path.GetTempPath(), "compathost-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "tmp"));
        var pki = TestPki.Instance;
        File.WriteAllText(Path.Combine(dir, "server.crt"), pki.Server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "server.key"), pki.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(dir, "client-ca.pem"), pki.ClientCa.ExportCertificatePem());
        var port = Loopback.FreePort();
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/tmp/body;
                proxy_temp_path {{dir}}/tmp/proxy;
                fastcgi_temp_path {{dir}}/tmp/fastcgi;
                uwsgi_temp_path {{dir}}/tmp/uwsgi;
                scgi_temp_path {{dir}}/tmp/scgi;
                upstream compathost { server 127.0.0.1:{{upstreamPort}}; keepalive 8; }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{dir}}/server.crt;
                    ssl_certificate_key {{dir}}/server.key;
                    ssl_client_certificate {{dir}}/client-ca.pem;
                    ssl_verify_client on;
                    ssl_verify_depth 3;
                    location / {
                        proxy_pass https://compathost;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
                        proxy_ssl_server_name on;
                        proxy_ssl_name localhost;
                        proxy_ssl_trusted_certificate {{dir}}/server-ca.pem;
                        proxy_ssl_verify on;
                    }
                }
            }
            """);
        File.WriteAllText(Path.Combine(dir, "server-ca.pem"), pki.ServerCa.ExportCertificatePem());
        var process = Process.Start(new ProcessStartInfo(Binary, ["-p", dir, "-c", Path.Combine(dir, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var proxy = new NginxProxy(dir, process, port);
        await Loopback.WaitForListenerAsync(port, proxy.ErrorLog);
        return proxy;
    }

    public string ErrorLog()
    {
        var file = Path.Combine(_dir, "error.log");
        return File.Exists(file) ? File.ReadAllText(file) : "(no error log)";
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_dir, true);
    }
}

/// <summary>
/// A test that needs nginx. Skipped, with the reason shown, only outside CI on a machine
/// without it; whenever CI is set it always runs, so a missing nginx fails loudly.
/// </summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (!File.Exists(NginxProxy.Binary) && Environment.GetEnvironmentVariable("CI") is null)
        {
            Skip = "nginx is not installed here (apt-get install nginx-light); .ci/run installs it";
        }
    }
}
