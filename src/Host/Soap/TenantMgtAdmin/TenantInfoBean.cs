using System.Xml.Serialization;

namespace CompatHost.Host.Soap.TenantMgtAdmin;

/// <summary>
/// The product's TenantInfoBean (carbon-multitenancy, <c>org.wso2.carbon.stratos.common.beans</c>):
/// the fields this host keeps, in the order of the product's WSDL. <c>tenantId</c>, usage plans
/// and the theme-page fields are not kept here; sent ones are read past.
/// </summary>
[XmlType("TenantInfoBean", Namespace = Ns)]
public sealed class TenantInfoBean
{
    public const string Ns = "http://beans.common.stratos.carbon.wso2.org/xsd";

    [XmlElement("active", Namespace = Ns)]
    public bool Active { get; set; }

    [XmlElement("admin", Namespace = Ns, IsNullable = true)]
    public string? Admin { get; set; }

    [XmlElement("adminPassword", Namespace = Ns, IsNullable = true)]
    public string? AdminPassword { get; set; }

    [XmlElement("createdDate", Namespace = Ns, IsNullable = true)]
    public DateTime? CreatedDate { get; set; }

    [XmlElement("email", Namespace = Ns, IsNullable = true)]
    public string? Email { get; set; }

    [XmlElement("firstname", Namespace = Ns, IsNullable = true)]
    public string? Firstname { get; set; }

    [XmlElement("lastname", Namespace = Ns, IsNullable = true)]
    public string? Lastname { get; set; }

    [XmlElement("tenantDomain", Namespace = Ns, IsNullable = true)]
    public string? TenantDomain { get; set; }
}
