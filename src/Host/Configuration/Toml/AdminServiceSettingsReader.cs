using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>
/// <c>[admin_service]</c> and whether admin-service WSDLs are shown. The product renders
/// carbon.xml's <c>HideAdminServiceWSDLs</c> from deployment.toml (carbon-kernel
/// <c>carbon.xml.j2</c>: false only when <c>[admin_service.wsdl] enable</c> is true, default
/// hidden); an operator who kept a hand-edited carbon.xml may set the element there. TOML wins.
/// </summary>
public static class AdminServiceSettingsReader
{
    public static AdminServiceSettings Read(TomlDocument toml, ProductHome home, ConfigDiagnostics diagnostics)
    {
        var faults = HostSettingsLoader.Table(toml, "admin_service", diagnostics, r => r.Bool("faults_for_in_only")) ?? false;
        var shown = HostSettingsLoader.Table(toml, "admin_service.wsdl", diagnostics, r => r.Bool("enable"))
            ?? !HiddenByCarbonXml(home.CarbonXml, diagnostics)
            ?? false;
        return new AdminServiceSettings(faults, shown);
    }

    private static bool? HiddenByCarbonXml(string file, ConfigDiagnostics diagnostics)
    {
        var element = XmlConfigFile.Load(file, diagnostics)?.Root?.DescendantsNamed("HideAdminServiceWSDLs").FirstOrDefault();
        return element?.ParseBool(element.Value.Trim(), "HideAdminServiceWSDLs", file, diagnostics);
    }
}
