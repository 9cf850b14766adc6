using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Sdk.Handlers;

/// <summary>
/// Contract 1.3: a handler's own check of its configuration, run when config is loaded (startup,
/// reload, <c>check</c>), before anything is constructed and while the handler is enabled. Named on
/// the handler by <see cref="HandlerDefaultsAttribute.ConfigurationCheck"/>; built with its
/// parameterless constructor. An error stops the load, naming the file and line where the
/// parameter was written; a warning is printed with the startup summary.
/// </summary>
public interface IHandlerConfigurationCheck
{
    IEnumerable<HandlerConfigurationFinding> Check(HandlerConfiguration configuration, HandlerCheckContext context);
}

/// <summary>One thing a check found: an error (the load fails) or a warning, about one parameter or the whole section.</summary>
public sealed record HandlerConfigurationFinding(bool IsError, string Message, string? Parameter = null)
{
    public static HandlerConfigurationFinding Error(string parameter, string message) => new(true, message, parameter);

    public static HandlerConfigurationFinding Warning(string message) => new(false, message);
}

/// <summary>
/// What a check may consult besides the handler's own section: the truststore's certificates (read
/// only when asked for), whether the section was written in the product's XML files, and the super
/// admin's name for examples.
/// </summary>
public sealed record HandlerCheckContext(Func<X509Certificate2Collection> TrustedCertificates, bool WrittenInXml, string SuperAdmin);
