namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Contract 1.4: a handler's reader of its own sections of the product's files, beyond the
/// parameters of its switch (e.g. <c>[client_certificate_based_authentication]</c> and identity.xml's
/// <c>&lt;ClientCertBasedAuthentication&gt;</c>). Named on the handler by
/// <see cref="Handlers.HandlerDefaultsAttribute.SettingsReader"/>; built with its parameterless
/// constructor and run on every load, whether or not the handler is enabled, so a section written
/// wrong is reported before anyone switches the handler on.
/// </summary>
public interface IHandlerSettingsReader
{
    /// <summary>
    /// The validated, immutable settings records, each then served by
    /// <see cref="Handlers.ISettingsSnapshot.Section{T}"/> under its own type for this snapshot.
    /// Return a record for every type the handler asks for, its defaults when nothing was written.
    /// </summary>
    IEnumerable<object> Read(IProductConfig config);
}
