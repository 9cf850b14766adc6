using System.Security.Cryptography.X509Certificates;
using CompatHost.Sdk.Certificates;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Identity;

public sealed class DistinguishedNameTests
{
    [Theory]
    [InlineData(TestPki.AdvisoryDnReversed)]
    [InlineData(TestPki.AdvisoryDnAliases)]
    [InlineData("c=AU,st=Northern,l=Colombo,o=WSO2,ou=IAM,cn=RootCA,EMAILADDRESS=ca@wso2.com")]
    [InlineData("C=AU, ST=Northern, L=Colombo, O=WSO2, OU=IAM,\n   CN=RootCA, emailAddress=ca@wso2.com")]
    [InlineData("C=AU, OID.2.5.4.8=Northern, L=Colombo, O=WSO2, OU=IAM, CN=RootCA, 1.2.840.113549.1.9.1=ca@wso2.com")]
    public void AdvisoryDn_EqualsItsOtherSpellings(string other) =>
        Assert.Equal(DistinguishedName.Parse(TestPki.AdvisoryDn), DistinguishedName.Parse(other));

    [Fact]
    public void AdvisoryDn_EqualsTheCertificateIssuerAsDotNetReadsIt() =>
        Assert.Equal(DistinguishedName.Parse(TestPki.AdvisoryDn), DistinguishedName.FromX500(TestPki.Instance.Client("alice").IssuerName));

    [Theory]
    [InlineData("C=AU, ST=Northern, L=Colombo, O=WSO2, OU=IAM, CN=RootCA")]
    [InlineData("C=AU, ST=Northern, L=Colombo, O=wso2, OU=IAM, CN=RootCA, emailAddress=ca@wso2.com")]
    [InlineData("C=AU, ST=Northern, L=Colombo, O=WSO2, OU=IAM, CN=RootCA, emailAddress=ca@wso2.com, OU=Extra")]
    public void DifferentDns_AreNotEqual(string other) =>
        Assert.NotEqual(DistinguishedName.Parse(TestPki.AdvisoryDn), DistinguishedName.Parse(other));

    [Fact]
    public void EscapedComma_IsOneValue_NotTwoComponents()
    {
        var escaped = DistinguishedName.Parse(@"CN=Acme\, Inc, C=US");
        var quoted = DistinguishedName.Parse("CN=\"Acme, Inc\", C=US");

        Assert.Equal(2, escaped.Components.Count);
        Assert.Equal("Acme, Inc", escaped.Get("CN"));
        Assert.Equal(escaped, quoted);
        Assert.Equal(escaped, DistinguishedName.FromX500(new X500DistinguishedName(@"CN=""Acme, Inc"", C=US")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a dn")]
    [InlineData("=value")]
    [InlineData("CN=\"unterminated")]
    public void Malformed_DoesNotParse(string text) => Assert.False(DistinguishedName.TryParse(text, out _));
}
