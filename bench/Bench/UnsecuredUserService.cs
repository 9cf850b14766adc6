using System.ServiceModel;

namespace CompatHost.Bench;

[ServiceContract(Namespace = "http://service.ws.um.carbon.wso2.org", Name = "RemoteUserStoreManagerServicePortType")]
[XmlSerializerFormat]
public interface IUnsecuredUserService
{
    [OperationContract(Name = "isExistingUser", Action = "urn:isExistingUser")]
    [return: MessageParameter(Name = "return")]
    bool IsExistingUser(string userName);
}

/// <summary>The baseline: answers without authentication, authorization or a store. Also the bare SoapCore app of bench/Baselines.</summary>
public sealed class UnsecuredUserService : IUnsecuredUserService
{
    public bool IsExistingUser(string userName) => userName.Length > 0;
}
