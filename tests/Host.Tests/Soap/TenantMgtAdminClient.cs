using System.ServiceModel;
using System.Xml.Serialization;

namespace CompatHost.Tests.Soap;

/// <summary>TenantMgtAdminService as a WCF client declares it from the WSDL.</summary>
[ServiceContract(Namespace = TenantNs.Service, Name = "TenantMgtAdminServicePortType")]
[XmlSerializerFormat]
public interface ITenantMgtAdminClient
{
    [OperationContract(Action = "urn:addTenant", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    string addTenant(TenantBean tenantInfoBean);

    [OperationContract(Action = "urn:getTenant", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    TenantBean getTenant(string tenantDomain);

    [OperationContract(Action = "urn:retrieveTenants", ReplyAction = "*")]
    retrieveTenantsResponse retrieveTenants(retrieveTenantsRequest request);

    [OperationContract(Action = "urn:activateTenant", ReplyAction = "*")]
    void activateTenant(string tenantDomain);

    [OperationContract(Action = "urn:deactivateTenant", ReplyAction = "*")]
    void deactivateTenant(string tenantDomain);
}

[MessageContract(WrapperName = "retrieveTenants", WrapperNamespace = TenantNs.Service, IsWrapped = true)]
public sealed class retrieveTenantsRequest
{
}

[MessageContract(WrapperName = "retrieveTenantsResponse", WrapperNamespace = TenantNs.Service, IsWrapped = true)]
public sealed class retrieveTenantsResponse
{
    [MessageBodyMember(Namespace = TenantNs.Service)][XmlElement("return")] public TenantBean[]? @return;
}

[XmlType("TenantInfoBean", Namespace = TenantNs.Bean)]
public sealed class TenantBean
{
    public bool active { get; set; }

    public string? admin { get; set; }

    public string? adminPassword { get; set; }

    public DateTime? createdDate { get; set; }

    public string? email { get; set; }

    public string? firstname { get; set; }

    public string? lastname { get; set; }

    public string? tenantDomain { get; set; }
}

file static class TenantNs
{
    public const string Service = "http://services.mgt.tenant.carbon.wso2.org";
    public const string Bean = "http://beans.common.stratos.carbon.wso2.org/xsd";
}
