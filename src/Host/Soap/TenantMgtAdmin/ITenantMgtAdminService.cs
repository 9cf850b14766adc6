using System.ServiceModel;
using System.Xml.Serialization;
using CompatHost.Host.Access;

namespace CompatHost.Host.Soap.TenantMgtAdmin;

/// <summary>
/// The product's TenantMgtAdminService (carbon-multitenancy, <c>org.wso2.carbon.tenant.mgt.services</c>):
/// add, read, list, activate and deactivate tenants. Every operation is a <c>superTenantService</c>
/// in the product's services.xml (super tenant administrators only). The product's WSDL gives
/// activate and deactivate an output (and faults), so they are request-response here too.
/// </summary>
[ServiceContract(Namespace = Ns, Name = "TenantMgtAdminServicePortType")]
[XmlSerializerFormat(Style = OperationFormatStyle.Document, Use = OperationFormatUse.Literal)]
public interface ITenantMgtAdminService
{
    const string Ns = "http://services.mgt.tenant.carbon.wso2.org";

    // carbon-multitenancy tenant.mgt META-INF/services.xml, per operation.
    const string Monitor = Permissions.Tenants.Monitor;
    const string List = Permissions.Tenants.List;
    const string Modify = Permissions.Tenants.Modify;

    [AdminPermission(Monitor)]
    [OperationContract(Name = "addTenant", Action = "urn:addTenant")]
    [return: MessageParameter(Name = "return")]
    Task<string> AddTenantAsync(TenantInfoBean tenantInfoBean);

    [AdminPermission(Monitor)]
    [OperationContract(Name = "getTenant", Action = "urn:getTenant")]
    [return: MessageParameter(Name = "return")]
    Task<TenantInfoBean> GetTenantAsync(string tenantDomain);

    [AdminPermission(List)]
    [OperationContract(Name = "retrieveTenants", Action = "urn:retrieveTenants")]
    Task<RetrieveTenantsResponse> RetrieveTenantsAsync();

    [AdminPermission(Modify)]
    [OperationContract(Name = "activateTenant", Action = "urn:activateTenant")]
    Task ActivateTenantAsync(string tenantDomain);

    [AdminPermission(Modify)]
    [OperationContract(Name = "deactivateTenant", Action = "urn:deactivateTenant")]
    Task DeactivateTenantAsync(string tenantDomain);
}

/// <summary>Tenants as Axis2 writes an array: one <c>ns:return</c> per tenant.</summary>
public sealed class TenantArrayBody
{
    [XmlElement("return", Namespace = ITenantMgtAdminService.Ns)]
    public TenantInfoBean[] Return { get; set; } = [];
}

[MessageContract(IsWrapped = false)]
public sealed class RetrieveTenantsResponse
{
    [MessageBodyMember(Name = "retrieveTenantsResponse", Namespace = ITenantMgtAdminService.Ns)]
    public TenantArrayBody Body { get; set; } = new();
}
