"""Loads both admin services' ?wsdl with zeep and calls every operation through the generated proxy.

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
    for name, run, expected in steps:
        got = run()
        if got != expected:
            sys.exit(f"FAIL RemoteUserStoreManagerService.{name}: expected {expected!r}, got {got!r}")
        print(f"ok RemoteUserStoreManagerService.{name} {got!r}")


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
