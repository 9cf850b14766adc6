using System.Security.Cryptography.X509Certificates;
using CompatHost.Bench;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using SoapCore;

// The bare frameworks the speed harness (bench/Speed) holds the host against: the same Kestrel
// TLS listener (client certificate allowed, as the host's `want`), the same process model and the
// same GC settings, and nothing else. Usage:
//   CompatHost.Baselines rest|soap --port N --keystore server.p12 --password P
if (args is not [var shape and ("rest" or "soap"), ..])
{
    Console.Error.WriteLine("usage: CompatHost.Baselines rest|soap --port N --keystore FILE.p12 --password P");
    return 2;
}

string Option(string name) => args[Array.IndexOf(args, "--" + name) + 1];
var certificate = X509CertificateLoader.LoadPkcs12FromFile(Option("keystore"), Option("password"));
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.ListenLocalhost(int.Parse(Option("port")), listen => listen.UseHttps(https =>
    {
        https.ServerCertificate = certificate;
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (_, _, _) => true;
    }));
});
if (shape == "soap")
{
    builder.Services.AddSoapCore();
    builder.Services.AddSingleton<UnsecuredUserService>();
}

var app = builder.Build();
if (shape == "soap")
{
    // Endpoint routing, as the host maps its admin services.
    ((IEndpointRouteBuilder)app).UseSoapEndpoint(typeof(UnsecuredUserService), o =>
    {
        o.Path = "/services/RemoteUserStoreManagerService";
        o.SoapSerializer = SoapSerializer.XmlSerializer;
    });
}
else
{
    app.MapGet("/scim2/Me", () => Results.Json(new { userName = "admin" }));
}

// The harness times cold start to the first answer here, as it does for the host.
app.MapGet("/api/health", () => Results.Json(new { status = "UP" }));
// Read by the harness before and after each window, for the allocated bytes per request.
app.MapGet("/gc", () => GC.GetTotalAllocatedBytes().ToString(System.Globalization.CultureInfo.InvariantCulture));

await app.StartAsync();
Console.WriteLine("Listening");
await app.WaitForShutdownAsync();
return 0;
