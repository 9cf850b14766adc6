using System.Reflection;
using System.ServiceModel;
using System.Xml.Linq;
using System.Xml.Serialization;
using CompatHost.Host.Soap;
using CompatHost.Host.Soap.AuthenticationAdmin;
using CompatHost.Host.Soap.AuthorizationManager;
using CompatHost.Host.Soap.OAuthAdmin;
using CompatHost.Host.Soap.TenantMgtAdmin;
using CompatHost.Host.Soap.UserStoreManager;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// The served WSDL and the service contract describe the same wire, operation by operation:
/// element names and order, arrays, in-only operations, SOAPActions, both bindings. Adding,
/// renaming or reshaping an operation on one side only fails here. Also: every QName in the
/// document resolves (the old generated WSDL used an undeclared <c>tns:</c>).
/// </summary>
public sealed class WsdlContractTests
{
    private static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static readonly XNamespace Soap12 = "http://schemas.xmlsoap.org/wsdl/soap12/";

    public static TheoryData<string, Type> Services => new()
    {
        { "RemoteUserStoreManagerService", typeof(IRemoteUserStoreManagerService) },
        { "AuthenticationAdmin", typeof(IAuthenticationAdmin) },
        { "OAuthAdminService", typeof(IOAuthAdminService) },
        { "RemoteAuthorizationManagerService", typeof(IRemoteAuthorizationManagerService) },
        { "TenantMgtAdminService", typeof(ITenantMgtAdminService) },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void EveryContractOperation_IsInTheWsdl_WithTheSameShape_AndViceVersa(string service, Type contract)
    {
        var wsdl = XDocument.Parse(AdminServiceWsdl.Document(service));
        var ns = contract.GetCustomAttribute<ServiceContractAttribute>()!.Namespace!;
        var fromContract = contract.GetMethods().Select(m => ContractOperation(m, ns)).ToDictionary(o => o.Name);
        var fromWsdl = WsdlOperations(wsdl, service).ToDictionary(o => o.Name);

        Assert.Equal(fromContract.Keys.Order(), fromWsdl.Keys.Order());
        foreach (var (name, expected) in fromContract)
        {
            Assert.Equal(expected.ToString(), fromWsdl[name].ToString());
        }
    }

    public static TheoryData<string, Type> DataTypes => new()
    {
        { "RemoteUserStoreManagerService", typeof(ClaimDto) },
        { "RemoteUserStoreManagerService", typeof(PermissionDto) },
        { "OAuthAdminService", typeof(OAuthConsumerAppDto) },
        { "TenantMgtAdminService", typeof(TenantInfoBean) },
    };

    [Theory]
    [MemberData(nameof(DataTypes))]
    public void DataTypes_MatchTheSerializedDtos(string service, Type dto)
    {
        var wsdl = XDocument.Parse(AdminServiceWsdl.Document(service));
        var xmlType = dto.GetCustomAttribute<XmlTypeAttribute>()!;
        var complexType = wsdl.Descendants(Xs + "schema").Single(s => (string?)s.Attribute("targetNamespace") == xmlType.Namespace)
            .Elements(Xs + "complexType").Single(t => (string?)t.Attribute("name") == xmlType.TypeName);
        Assert.Equal(Fields(dto).Select(f => f.ToString()), complexType.Descendants(Xs + "element").Select(e => Field(e).ToString()));
    }

    [Theory]
    [InlineData("RemoteUserStoreManagerService")]
    [InlineData("AuthenticationAdmin")]
    [InlineData("OAuthAdminService")]
    [InlineData("RemoteAuthorizationManagerService")]
    [InlineData("TenantMgtAdminService")]
    public void EveryQualifiedName_ResolvesToADeclaredNamespace_AndADefinition(string service)
    {
        var wsdl = XDocument.Parse(AdminServiceWsdl.Document(service));
        var defined = wsdl.Descendants()
            .Where(e => e.Attribute("name") is not null && (e.Parent?.Name == Xs + "schema" || e.Parent?.Name == Wsdl + "definitions"))
            .Select(e => XName.Get((string)e.Attribute("name")!, (string?)e.Ancestors().First(a => a.Attribute("targetNamespace") is not null).Attribute("targetNamespace") ?? ""))
            .ToHashSet();
        foreach (var attribute in wsdl.Descendants().Attributes().Where(a => a.Name.LocalName is "type" or "element" or "message" or "binding" or "base" or "ref"))
        {
            var value = attribute.Value;
            var prefix = value.Contains(':') ? value[..value.IndexOf(':')] : "";
            var namespaceUri = attribute.Parent!.GetNamespaceOfPrefix(prefix);
            Assert.True(namespaceUri is not null, $"prefix '{prefix}' of {attribute.Name}=\"{value}\" is not declared");
            var name = namespaceUri + value[(value.IndexOf(':') + 1)..];
            Assert.True(namespaceUri == Xs || defined.Contains(name), $"{attribute.Name}=\"{value}\" names nothing the document defines");
        }
    }

    /// <summary>One operation as the wire sees it.</summary>
    private sealed record Operation(string Name, string Action, string Input, string? Output)
    {
        public override string ToString() => $"{Name} action={Action} in=({Input}) out={(Output is null ? "in-only" : $"({Output})")}";
    }

    private sealed record WireField(string Name, string Type, bool Repeated)
    {
        public override string ToString() => $"{Name}:{Type}{(Repeated ? "*" : "")}";
    }

    private static Operation ContractOperation(MethodInfo method, string ns)
    {
        var contract = method.GetCustomAttribute<OperationContractAttribute>()!;
        var parameters = method.GetParameters();
        var input = parameters is [{ ParameterType: var messageType }] && messageType.GetCustomAttribute<MessageContractAttribute>() is not null
            ? Body(messageType, contract.Name!, ns)
            : parameters.Select(p => new WireField(p.Name!, XsdType(p.ParameterType), p.ParameterType.IsArray));
        // An asynchronous operation's wire result is its task's.
        var result = method.ReturnType == typeof(Task) ? typeof(void)
            : method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType;
        IEnumerable<WireField>? output = contract.IsOneWay
            ? null
            : result == typeof(void)
                ? []
                : result.GetCustomAttribute<MessageContractAttribute>() is not null
                    ? Body(result, contract.Name + "Response", ns)
                    : [new WireField(method.ReturnParameter.GetCustomAttribute<MessageParameterAttribute>()?.Name ?? "return", XsdType(result), false)];
        return new Operation(contract.Name!, contract.Action!, string.Join(", ", input), output is null ? null : string.Join(", ", output));
    }

    /// <summary>A message contract's one body member is the whole wrapper element; its fields are the XmlSerializer's.</summary>
    private static IEnumerable<WireField> Body(Type messageType, string wrapper, string ns)
    {
        var member = messageType.GetProperties().Single(p => p.GetCustomAttribute<MessageBodyMemberAttribute>() is not null);
        var attribute = member.GetCustomAttribute<MessageBodyMemberAttribute>()!;
        Assert.Equal((wrapper, ns), (attribute.Name, attribute.Namespace));
        return Fields(member.PropertyType);
    }

    private static IEnumerable<WireField> Fields(Type type) => type.GetProperties()
        .Select(p => (Property: p, Element: p.GetCustomAttribute<XmlElementAttribute>()))
        .Where(p => p.Element is not null)
        // Declaration order, base class first: the order XmlSerializer writes them in.
        .OrderBy(p => p.Property.DeclaringType == type ? 1 : 0).ThenBy(p => p.Property.MetadataToken)
        .Select(p => new WireField(p.Element!.ElementName, XsdType(p.Property.PropertyType), p.Property.PropertyType.IsArray));

    private static string XsdType(Type type)
    {
        var item = type.IsArray ? type.GetElementType()! : type;
        return item == typeof(string) ? "xs:string"
            : item == typeof(int) ? "xs:int"
            : item == typeof(bool) ? "xs:boolean"
            : item == typeof(DateTime) || item == typeof(DateTime?) ? "xs:dateTime"
            : item.GetCustomAttribute<XmlTypeAttribute>() is { } xmlType ? $"{{{xmlType.Namespace}}}{xmlType.TypeName}"
            : throw new InvalidOperationException($"no XSD type known for {item}");
    }

    private static IEnumerable<Operation> WsdlOperations(XDocument wsdl, string service)
    {
        var root = wsdl.Root!;
        var targetNs = (string)root.Attribute("targetNamespace")!;
        var schema = root.Descendants(Xs + "schema").Single(s => (string?)s.Attribute("targetNamespace") == targetNs);
        var portType = root.Elements(Wsdl + "portType").Single(p => (string?)p.Attribute("name") == service + "PortType");
        var bindings = root.Elements(Wsdl + "binding").ToList();
        Assert.Equal([$"{service}Soap11Binding", $"{service}Soap12Binding"], bindings.Select(b => (string)b.Attribute("name")!));
        var ports = root.Element(Wsdl + "service")!.Elements(Wsdl + "port").Select(p => (string)p.Attribute("name")!);
        Assert.Equal([$"{service}HttpsSoap11Endpoint", $"{service}HttpsSoap12Endpoint"], ports);

        foreach (var operation in portType.Elements(Wsdl + "operation"))
        {
            var name = (string)operation.Attribute("name")!;
            var inOnly = operation.Element(Wsdl + "output") is null;
            var actions = bindings.Select(b => b.Elements(Wsdl + "operation").Single(o => (string?)o.Attribute("name") == name))
                .Select(o =>
                {
                    Assert.Equal(inOnly, o.Element(Wsdl + "output") is null);
                    return (string)(o.Element(Soap11 + "operation") ?? o.Element(Soap12 + "operation"))!.Attribute("soapAction")!;
                })
                .Distinct()
                .Single();
            yield return new Operation(name, actions, string.Join(", ", ElementFields(schema, name)),
                inOnly ? null : string.Join(", ", ElementFields(schema, name + "Response")));
        }
    }

    private static IEnumerable<WireField> ElementFields(XElement schema, string element) =>
        schema.Elements(Xs + "element").Single(e => (string?)e.Attribute("name") == element)
            .Element(Xs + "complexType")!.Descendants(Xs + "element").Select(Field);

    private static WireField Field(XElement element)
    {
        var type = (string)element.Attribute("type")!;
        var prefix = type[..type.IndexOf(':')];
        var typeNs = element.GetNamespaceOfPrefix(prefix)!;
        var text = typeNs == Xs ? "xs:" + type[(prefix.Length + 1)..] : $"{{{typeNs.NamespaceName}}}{type[(prefix.Length + 1)..]}";
        return new WireField((string)element.Attribute("name")!, text, (string?)element.Attribute("maxOccurs") == "unbounded");
    }
}
