"""Loads every admin service's ?wsdl with zeep and calls every operation through the generated proxy.

Usage: call_all.py BASE_URL CA_FILE MODE [ARGS]
  MODE basic USER:PASSWORD      HTTP Basic on every call
  MODE session USER:PASSWORD    AuthenticationAdmin.login first, then the JSESSIONID cookie alone
  MODE mutual CERT KEY USER     client certificate, the user in the UserName HTTP header and, on a
                                second client, in the http://mutualssl.carbon.wso2.org SOAP header
Prints one "ok <service>.<operation> <result>" line per call; exits non-zero on the first failure.
The server CA is given to requests explicitly: REQUESTS_CA_BUNDLE would otherwise override it.
"""
import base64
import sys

import requests
from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport


def client(base, service, session, soap12=False):
    settings = Settings(strict=True, raw_response=False)
    c = Client(f"{base}/services/{service}?wsdl", transport=Transport(session=session), settings=settings)
    port = f"{service}HttpsSoap12Endpoint" if soap12 else f"{service}HttpsSoap11Endpoint"
    return c, c.bind(service, port)


def call_all(base, session, soap_headers=None, tag="", soap12=False):
    users_client, users = client(base, "RemoteUserStoreManagerService", session, soap12)
    kw = {"_soapheaders": soap_headers} if soap_headers else {}
    claim = users_client.get_type("{http://dao.service.ws.um.carbon.wso2.org/xsd}ClaimDTO")
    permission = users_client.get_type("{http://dao.service.ws.um.carbon.wso2.org/xsd}PermissionDTO")
    role, user = f"zeep-role{tag}", f"zeep-user{tag}"
    steps = [
        ("addRole", lambda: users.addRole(roleName=role, userList=[], permissions=[permission(action="ui.execute", resourceId="/permission/admin/login")], **kw), None),
        ("isExistingRole", lambda: users.isExistingRole(roleName=role, **kw), True),
        ("addUser", lambda: users.addUser(userName=user, credential="Zeep-pw-1", roleList=[role], claims=[claim(claimURI="http://wso2.org/claims/givenname", value="Zed")], profileName="default", requirePasswordChange=False, **kw), None),
        ("isExistingUser", lambda: users.isExistingUser(userName=user, **kw), True),
        ("authenticate", lambda: users.authenticate(userName=user, credential="Zeep-pw-1", **kw), True),
        ("listUsers", lambda: user in users.listUsers(filter="zeep-*", maxItemLimit=10, **kw), True),
        ("getRoleNames", lambda: role in users.getRoleNames(**kw), True),
        ("getRoleListOfUser", lambda: role in users.getRoleListOfUser(userName=user, **kw), True),
        ("getUserClaimValues", lambda: [(c.claimURI, c.value) for c in users.getUserClaimValues(userName=user, profileName="default", **kw)] == [("http://wso2.org/claims/givenname", "Zed")], True),
        ("setUserClaimValue", lambda: users.setUserClaimValue(userName=user, claimURI="http://wso2.org/claims/lastname", claimValue="Zeep", profileName="default", **kw), None),
        ("getUserClaimValue", lambda: users.getUserClaimValue(userName=user, claim="http://wso2.org/claims/lastname", profileName="default", **kw), "Zeep"),
        ("updateRoleListOfUser", lambda: users.updateRoleListOfUser(userName=user, deletedRoles=[role], newRoles=[], **kw), None),
        ("updateCredentialByAdmin", lambda: users.updateCredentialByAdmin(userName=user, newCredential="Zeep-pw-2", **kw), None),
        ("updateCredential", lambda: users.updateCredential(userName=user, newCredential="Zeep-pw-3", oldCredential="Zeep-pw-2", **kw), None),
        ("authenticate(new)", lambda: users.authenticate(userName=user, credential="Zeep-pw-3", **kw), True),
        ("deleteUser", lambda: users.deleteUser(userName=user, **kw), None),
        ("deleteRole", lambda: users.deleteRole(roleName=role, **kw), None),
        ("isExistingUser(deleted)", lambda: users.isExistingUser(userName=user, **kw), False),
    ]
    run_steps("RemoteUserStoreManagerService", steps)
    call_oauth_admin(base, session, kw, tag, soap12)
    call_authorization_manager(base, session, kw, tag, soap12)
    call_tenant_admin(base, session, kw, tag, soap12)


def run_steps(service, steps):
    for name, run, expected in steps:
        got = run()
        if got != expected:
            sys.exit(f"FAIL {service}.{name}: expected {expected!r}, got {got!r}")
        print(f"ok {service}.{name} {got!r}")


def token_status(base, session, key, secret):
    """What /oauth2/token answers a client_credentials request with these client credentials."""
    plain = requests.Session()
    plain.verify = session.verify
    reply = plain.post(f"{base}/oauth2/token", data={"grant_type": "client_credentials"}, auth=(key, secret))
    return reply.status_code


def call_oauth_admin(base, session, kw, tag, soap12):
    oauth_client, oauth = client(base, "OAuthAdminService", session, soap12)
    app_type = oauth_client.get_type("{http://dto.oauth.identity.carbon.wso2.org/xsd}OAuthConsumerAppDTO")
    name, chosen = f"zeep-app{tag}", f"zeep-chosen{tag}"
    made = {}
    steps = [
        ("registerAndRetrieveOAuthApplicationData", lambda: made.update(app=oauth.registerAndRetrieveOAuthApplicationData(application=app_type(applicationName=name, grantTypes="client_credentials"), **kw)) or made["app"].applicationName, name),
        ("token", lambda: token_status(base, session, made["app"].oauthConsumerKey, made["app"].oauthConsumerSecret), 200),
        ("getOAuthApplicationData", lambda: oauth.getOAuthApplicationData(consumerKey=made["app"].oauthConsumerKey, **kw).applicationName, name),
        ("getOAuthApplicationDataByAppName", lambda: oauth.getOAuthApplicationDataByAppName(appName=name, **kw).oauthConsumerKey == made["app"].oauthConsumerKey, True),
        ("getAllOAuthApplicationData", lambda: name in [a.applicationName for a in oauth.getAllOAuthApplicationData(**kw)], True),
        ("getAllowedGrantTypes", lambda: "client_credentials" in oauth.getAllowedGrantTypes(**kw), True),
        ("updateConsumerApplication", lambda: oauth.updateConsumerApplication(consumerAppDTO=app_type(oauthConsumerKey=made["app"].oauthConsumerKey, applicationName=name, grantTypes="client_credentials password"), **kw), None),
        ("updateAndRetrieveOauthSecretKey", lambda: made.update(new=oauth.updateAndRetrieveOauthSecretKey(consumerKey=made["app"].oauthConsumerKey, **kw).oauthConsumerSecret) or token_status(base, session, made["app"].oauthConsumerKey, made["new"]), 200),
        ("updateOauthSecretKey", lambda: oauth.updateOauthSecretKey(consumerKey=made["app"].oauthConsumerKey, **kw) or token_status(base, session, made["app"].oauthConsumerKey, made["new"]), 401),
        ("registerOAuthApplicationData", lambda: oauth.registerOAuthApplicationData(application=app_type(applicationName=chosen, oauthConsumerKey=chosen, oauthConsumerSecret="zeep-chosen-secret-0123456789"), **kw) or token_status(base, session, chosen, "zeep-chosen-secret-0123456789"), 200),
        ("removeOAuthApplicationData", lambda: [oauth.removeOAuthApplicationData(consumerKey=k, **kw) for k in (made["app"].oauthConsumerKey, chosen)] and token_status(base, session, chosen, "zeep-chosen-secret-0123456789"), 401),
    ]
    run_steps("OAuthAdminService", steps)


def call_authorization_manager(base, session, kw, tag, soap12):
    users_client, users = client(base, "RemoteUserStoreManagerService", session, soap12)
    _, authz = client(base, "RemoteAuthorizationManagerService", session, soap12)
    role, user = f"zeep-authz{tag}", f"zeep-authz-user{tag}"
    users.addRole(roleName=role, userList=[], permissions=[], **kw)
    users.addUser(userName=user, credential="Zeep-pw-1", roleList=[role], claims=[], profileName="default", requirePasswordChange=False, **kw)
    ui = "ui.execute"
    steps = [
        ("authorizeRole", lambda: authz.authorizeRole(roleName=role, resourceId="/permission/admin/manage", action=ui, **kw), None),
        ("isRoleAuthorized", lambda: authz.isRoleAuthorized(roleName=role, resourceId="/permission/admin/manage/identity", action=ui, **kw), True),
        ("isUserAuthorized", lambda: authz.isUserAuthorized(userName=user, resourceId="/permission/admin/manage/identity/usermgt", action=ui, **kw), True),
        ("getAllowedRolesForResource", lambda: role in authz.getAllowedRolesForResource(resourceId="/permission/admin/manage/identity", action=ui, **kw), True),
        ("getAllowedUIResourcesForUser", lambda: "/permission/admin/manage" in authz.getAllowedUIResourcesForUser(userName=user, permissionRootPath="/permission/admin", **kw), True),
        ("getAllowedUIResourcesForRole", lambda: authz.getAllowedUIResourcesForRole(roleName=role, permissionRootPath="/permission", **kw), ["/permission/admin/manage"]),
        ("denyRole", lambda: authz.denyRole(roleName=role, resourceId="/permission/admin/manage", action=ui, **kw) or authz.isRoleAuthorized(roleName=role, resourceId="/permission/admin/manage", action=ui, **kw), False),
        ("clearRoleAuthorization", lambda: authz.authorizeRole(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw) or authz.clearRoleAuthorization(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw) or authz.isRoleAuthorized(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw), False),
        ("clearRoleActionOnAllResources", lambda: authz.authorizeRole(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw) or authz.clearRoleActionOnAllResources(roleName=role, action=ui, **kw) or authz.isRoleAuthorized(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw), False),
        ("clearAllRoleAuthorization", lambda: authz.authorizeRole(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw) or authz.clearAllRoleAuthorization(roleName=role, **kw) or authz.isRoleAuthorized(roleName=role, resourceId="/permission/admin/monitor", action=ui, **kw), False),
        ("clearResourceAuthorizations", lambda: authz.authorizeRole(roleName=role, resourceId=f"/permission/applications/{role}", action=ui, **kw) or authz.clearResourceAuthorizations(resourceId=f"/permission/applications/{role}", **kw) or authz.isRoleAuthorized(roleName=role, resourceId=f"/permission/applications/{role}", action=ui, **kw), False),
    ]
    run_steps("RemoteAuthorizationManagerService", steps)
    users.deleteUser(userName=user, **kw)
    users.deleteRole(roleName=role, **kw)


def call_tenant_admin(base, session, kw, tag, soap12):
    tenant_client, tenants = client(base, "TenantMgtAdminService", session, soap12)
    bean = tenant_client.get_type("{http://beans.common.stratos.carbon.wso2.org/xsd}TenantInfoBean")
    domain = f"zeep{tag}.example"
    steps = [
        ("addTenant", lambda: bool(tenants.addTenant(tenantInfoBean=bean(active=True, admin="chief", adminPassword="Chief-pw-1", email=f"chief@{domain}", firstname="Zed", lastname="Chief", tenantDomain=domain), **kw)), True),
        ("getTenant", lambda: (lambda t: (t.tenantDomain, t.admin, t.active))(tenants.getTenant(tenantDomain=domain, **kw)), (domain, "chief", True)),
        ("retrieveTenants", lambda: domain in [t.tenantDomain for t in tenants.retrieveTenants(**kw)], True),
        ("deactivateTenant", lambda: tenants.deactivateTenant(tenantDomain=domain, **kw) or tenants.getTenant(tenantDomain=domain, **kw).active, False),
        ("activateTenant", lambda: tenants.activateTenant(tenantDomain=domain, **kw) or tenants.getTenant(tenantDomain=domain, **kw).active, True),
    ]
    run_steps("TenantMgtAdminService", steps)


def main():
    base, ca, mode = sys.argv[1:4]
    session = requests.Session()
    session.verify = ca
    if mode == "basic":
        user, password = sys.argv[4].split(":", 1)
        session.auth = (user, password)
        call_all(base, session, tag="-basic")
        call_all(base, session, tag="-basic12", soap12=True)
    elif mode == "session":
        user, password = sys.argv[4].split(":", 1)
        _, admin = client(base, "AuthenticationAdmin", session)
        if admin.login(username=user, password="wrong", remoteAddress="127.0.0.1") is not False:
            sys.exit("FAIL AuthenticationAdmin.login with a wrong password did not answer false")
        if admin.login(username=user, password=password, remoteAddress="127.0.0.1") is not True:
            sys.exit("FAIL AuthenticationAdmin.login")
        print("ok AuthenticationAdmin.login True")
        if "JSESSIONID" not in session.cookies:
            sys.exit("FAIL no JSESSIONID after login")
        call_all(base, session, tag="-session")
        admin.logout()
        print("ok AuthenticationAdmin.logout None")
        _, users = client(base, "RemoteUserStoreManagerService", session)
        try:
            users.isExistingUser(userName="admin")
            sys.exit("FAIL a call after logout was answered")
        except Exception as error:  # zeep raises Fault for the product's "Access Denied" fault
            print(f"ok after-logout refused {type(error).__name__}: {error}")
    elif mode == "mutual":
        cert, key, user = sys.argv[4:7]
        session.cert = (cert, key)
        session.headers["UserName"] = base64.b64encode(user.encode()).decode()
        call_all(base, session, tag="-mhttp")
        plain = requests.Session()
        plain.verify = ca
        plain.cert = (cert, key)
        header = etree.Element("{http://mutualssl.carbon.wso2.org}UserName")
        header.text = user
        call_all(base, plain, soap_headers=[header], tag="-msoap")
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
