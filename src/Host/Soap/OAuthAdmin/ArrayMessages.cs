using System.ServiceModel;
using System.Xml.Serialization;

namespace CompatHost.Host.Soap.OAuthAdmin;

// Arrays as Axis2 writes them, one <ns:return> per item (see UserStoreManager/ArrayMessages.cs).

public sealed class ApplicationArrayBody
{
    [XmlElement("return", Namespace = IOAuthAdminService.Ns)]
    public OAuthConsumerAppDto[] Return { get; set; } = [];
}

public sealed class GrantTypeArrayBody
{
    [XmlElement("return", Namespace = IOAuthAdminService.Ns)]
    public string[] Return { get; set; } = [];
}

[MessageContract(IsWrapped = false)]
public sealed class GetAllOAuthApplicationDataResponse
{
    [MessageBodyMember(Name = "getAllOAuthApplicationDataResponse", Namespace = IOAuthAdminService.Ns)]
    public ApplicationArrayBody Body { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class GetAllowedGrantTypesResponse
{
    [MessageBodyMember(Name = "getAllowedGrantTypesResponse", Namespace = IOAuthAdminService.Ns)]
    public GrantTypeArrayBody Body { get; set; } = new();
}
