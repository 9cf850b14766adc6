using CompatHost.Host.Access;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Identity;

public sealed class ValueTypeTests
{
    [Theory]
    [InlineData("alice", "PRIMARY", "alice", "carbon.super")]
    [InlineData("SECONDARY/john", "SECONDARY", "john", "carbon.super")]
    [InlineData("john@abc.com", "PRIMARY", "john", "abc.com")]
    [InlineData("secondary/john@ABC.com", "SECONDARY", "john", "abc.com")]
    [InlineData("me@mail.com@tenant.org", "PRIMARY", "me@mail.com", "tenant.org")]
    public void QualifiedUserName_ParsesTheFourForms(string text, string domain, string name, string tenant)
    {
        var user = QualifiedUserName.Parse(text);

        Assert.Equal((domain, name, tenant), (user.Domain, user.Name, user.Tenant));
    }

    [Fact]
    public void QualifiedUserName_SuperTenantSuffixAndCase_AreTheSameUser()
    {
        Assert.Equal(QualifiedUserName.Parse("alice"), QualifiedUserName.Parse("ALICE@carbon.super"));
        Assert.Equal(QualifiedUserName.Parse("alice"), QualifiedUserName.Parse("PRIMARY/Alice"));
        Assert.NotEqual(QualifiedUserName.Parse("alice"), QualifiedUserName.Parse("SECONDARY/alice"));
        Assert.NotEqual(QualifiedUserName.Parse("alice"), QualifiedUserName.Parse("alice@other.org"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/alice")]
    [InlineData("alice@")]
    [InlineData("PRIMARY/")]
    public void QualifiedUserName_RejectsEmptyParts(string text) => Assert.False(QualifiedUserName.TryParse(text, out _));

    [Fact]
    public void Thumbprint_ColonUpperAndBareLower_AreEqual_AndMatchOpenssl()
    {
        var certificate = TestPki.Instance.Client("alice");
        var colon = TestPki.Fingerprint(certificate);

        Assert.True(Thumbprint.TryParse(colon, out var a));
        Assert.True(Thumbprint.TryParse(colon.Replace(":", "").ToLowerInvariant(), out var b));
        Assert.True(Thumbprint.TryParse(colon[..40] + "\n " + colon[40..], out var c));
        Assert.Equal(Thumbprint.Sha256(certificate), a);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.Equal(colon, a.ToColonForm());
        Assert.False(Thumbprint.TryParse("12:34", out _));
    }

    [Theory]
    [InlineData("/permission/admin", "/permission/admin/manage/identity", true)]
    [InlineData("/permission/admin", "/permission/admin", true)]
    [InlineData("/permission", "/permission/admin/login", true)]
    [InlineData("/permission/admin/login", "/permission/admin", false)]
    [InlineData("/permission/admin", "/permission/administrator", false)]
    public void Permission_GrantsItsSubtreeOnly(string held, string required, bool granted) =>
        Assert.Equal(granted, PermissionPath.Grants(held, required));
}
