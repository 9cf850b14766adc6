using System.Xml.Serialization;

namespace CompatHost.Host.Soap.UserStoreManager;

/// <summary>The product's PermissionDTO: a resource (permission path) and an action.</summary>
[XmlType("PermissionDTO", Namespace = Ns)]
public sealed class PermissionDto
{
    public const string Ns = "http://dao.service.ws.um.carbon.wso2.org/xsd";

    [XmlElement("action", Namespace = Ns, IsNullable = true)]
    public string? Action { get; set; }

    [XmlElement("resourceId", Namespace = Ns, IsNullable = true)]
    public string? ResourceId { get; set; }
}
