namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Contract 1.4: a settings record that says in one line what is in force, printed with the
/// startup summary (e.g. "Client-certificate mappings: enabled, 1 system, 0 user").
/// </summary>
public interface IDescribedSettings
{
    string Describe();
}
