using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// Admin-service WSDLs are hidden unless the operator shows them, as in the product: 403 with
/// the product's text by default; <c>[admin_service.wsdl] enable = true</c> or carbon.xml's
/// <c>HideAdminServiceWSDLs</c> false shows them, TOML winning over carbon.xml.
/// </summary>
public sealed class WsdlVisibilityTests(WsdlVisibilityTests.Fixture fixture) : IClassFixture<WsdlVisibilityTests.Fixture>
{
    private const string Path = "/services/RemoteUserStoreManagerService?wsdl";

    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task Hidden_ByDefault_WithTheProductsForbiddenAnswer()
    {
        WriteCarbonXml(null);
        Host.Reconfigure(fixture.Home, "");

        var (status, body) = await Host.GetAsync(Path);

        Assert.Equal(403, status);
        Assert.Equal("Access to service metadata for service: RemoteUserStoreManagerService has been forbidden", body);
    }

    [Theory]
    [InlineData("[admin_service.wsdl]\nenable = true\n", null, 200)]
    [InlineData("", "false", 200)]
    [InlineData("", "true", 403)]
    [InlineData("[admin_service.wsdl]\nenable = false\n", "false", 403)]
    [InlineData("[admin_service.wsdl]\nenable = true\n", "true", 200)]
    public async Task Shown_AsTomlOrCarbonXmlSay_TomlWinning(string toml, string? hideInCarbonXml, int expected)
    {
        WriteCarbonXml(hideInCarbonXml);
        Host.Reconfigure(fixture.Home, toml);

        var (status, body) = await Host.GetAsync(Path);
        var (soap12Status, _) = await Host.GetAsync("/services/AuthenticationAdmin.AuthenticationAdminHttpsSoap12Endpoint/?wsdl");

        Assert.Equal((expected, expected), (status, soap12Status));
        if (expected == 200)
        {
            Assert.Contains($"location=\"https://127.0.0.1:{Host.Port}/services/RemoteUserStoreManagerService.RemoteUserStoreManagerServiceHttpsSoap11Endpoint/\"", body);
        }
    }

    private void WriteCarbonXml(string? hide)
    {
        var file = fixture.Home.Home.CarbonXml;
        if (hide is null)
        {
            File.Delete(file);
            return;
        }

        File.WriteAllText(file, $"""
            <Server xmlns="http://wso2.org/projects/carbon/carbon.xml">
                <Axis2Config>
                    <HideAdminServiceWSDLs>{hide}</HideAdminServiceWSDLs>
                </Axis2Config>
            </Server>
            """);
    }

    public sealed class Fixture : SharedHostFixture;
}
