using System.Xml.Serialization;

namespace CompatHost.Host.Soap.OAuthAdmin;

/// <summary>
/// The product's OAuthConsumerAppDTO (identity-oauth, <c>org.wso2.carbon.identity.oauth.dto</c>),
/// the fields this host has, in the alphabetical order Axis2 writes bean properties. Fields a
/// product-generated client sends beyond these (PKCE, token expiry, ...) are read past.
/// </summary>
[XmlType("OAuthConsumerAppDTO", Namespace = Ns)]
public sealed class OAuthConsumerAppDto
{
    public const string Ns = "http://dto.oauth.identity.carbon.wso2.org/xsd";

    [XmlElement("OAuthVersion", Namespace = Ns, IsNullable = true)]
    public string? OAuthVersion { get; set; }

    [XmlElement("applicationName", Namespace = Ns, IsNullable = true)]
    public string? ApplicationName { get; set; }

    [XmlElement("callbackUrl", Namespace = Ns, IsNullable = true)]
    public string? CallbackUrl { get; set; }

    [XmlElement("grantTypes", Namespace = Ns, IsNullable = true)]
    public string? GrantTypes { get; set; }

    [XmlElement("oauthConsumerKey", Namespace = Ns, IsNullable = true)]
    public string? OauthConsumerKey { get; set; }

    [XmlElement("oauthConsumerSecret", Namespace = Ns, IsNullable = true)]
    public string? OauthConsumerSecret { get; set; }

    [XmlElement("state", Namespace = Ns, IsNullable = true)]
    public string? State { get; set; }

    [XmlElement("tokenBindingType", Namespace = Ns, IsNullable = true)]
    public string? TokenBindingType { get; set; }

    [XmlElement("username", Namespace = Ns, IsNullable = true)]
    public string? Username { get; set; }
}
