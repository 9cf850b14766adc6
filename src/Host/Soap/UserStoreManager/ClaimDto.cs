using System.Xml.Serialization;

namespace CompatHost.Host.Soap.UserStoreManager;

/// <summary>The product's ClaimDTO: a claim URI and its value.</summary>
[XmlType("ClaimDTO", Namespace = PermissionDto.Ns)]
public sealed class ClaimDto
{
    [XmlElement("claimURI", Namespace = PermissionDto.Ns, IsNullable = true)]
    public string? ClaimUri { get; set; }

    [XmlElement("value", Namespace = PermissionDto.Ns, IsNullable = true)]
    public string? Value { get; set; }
}
