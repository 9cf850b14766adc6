// Loads every admin service's ?wsdl with node's `soap` package and calls every operation through the
// generated client. Usage: node call-all.js BASE_URL CA_FILE MODE [ARGS]
//   basic USER:PASSWORD | session USER:PASSWORD | mutual CERT KEY USER   (as tests/Clients/python/call_all.py)
// Prints one "ok <service>.<operation> <result>" line per call; exits non-zero on the first failure.
'use strict';
const fs = require('fs');
const https = require('https');
const soap = require('soap');

const [base, caFile, mode, ...rest] = process.argv.slice(2);
const ca = fs.readFileSync(caFile);
const asList = (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

function fail(message) {
  console.error('FAIL ' + message);
  process.exit(1);
}

async function client(service, agent, soap12) {
  const c = await soap.createClientAsync(`${base}/services/${service}?wsdl`, {
    wsdl_options: { httpsAgent: agent },
    forceSoap12Headers: Boolean(soap12),
  });
  const port = `${service}HttpsSoap${soap12 ? 12 : 11}Endpoint`;
  // The generated client exposes every port; the endpoint is the one the WSDL names for that port.
  c.setEndpoint(c.wsdl.definitions.services[service].ports[port].location);
  return { c, ops: c[service][port] };
}

function call(ops, name, args, agent) {
  return new Promise((resolve, reject) =>
    ops[name](args, (err, result) => (err ? reject(err) : resolve(result)), { httpsAgent: agent }));
}

async function callAll(agent, prepare, tag, soap12) {
  const { c, ops } = await client('RemoteUserStoreManagerService', agent, soap12);
  prepare(c);
  const role = `node-role${tag}`;
  const user = `node-user${tag}`;
  const ret = (r) => (r === null || r === undefined ? null : r.return);
  const steps = [
    ['addRole', { roleName: role, userList: [], permissions: [{ action: 'ui.execute', resourceId: '/permission/admin/login' }] }, (r) => r === null || r === undefined || r === '', true],
    ['isExistingRole', { roleName: role }, (r) => ret(r), true],
    ['addUser', { userName: user, credential: 'Node-pw-1', roleList: [role], claims: [{ claimURI: 'http://wso2.org/claims/givenname', value: 'Nod' }], profileName: 'default', requirePasswordChange: false }, () => true, true],
    ['isExistingUser', { userName: user }, (r) => ret(r), true],
    ['authenticate', { userName: user, credential: 'Node-pw-1' }, (r) => ret(r), true],
    ['listUsers', { filter: 'node-*', maxItemLimit: 10 }, (r) => asList(ret(r)).includes(user), true],
    ['getRoleNames', {}, (r) => asList(ret(r)).includes(role), true],
    ['getRoleListOfUser', { userName: user }, (r) => asList(ret(r)).includes(role), true],
    ['getUserClaimValues', { userName: user, profileName: 'default' }, (r) => JSON.stringify(asList(ret(r)).map((x) => [x.claimURI, x.value])), JSON.stringify([['http://wso2.org/claims/givenname', 'Nod']])],
    ['setUserClaimValue', { userName: user, claimURI: 'http://wso2.org/claims/lastname', claimValue: 'Node', profileName: 'default' }, () => true, true],
    ['getUserClaimValue', { userName: user, claim: 'http://wso2.org/claims/lastname', profileName: 'default' }, (r) => ret(r), 'Node'],
    ['updateRoleListOfUser', { userName: user, deletedRoles: [role], newRoles: [] }, () => true, true],
    ['getRoleListOfUser', { userName: user }, (r) => asList(ret(r)).includes(role), false],
    ['updateCredentialByAdmin', { userName: user, newCredential: 'Node-pw-2' }, () => true, true],
    ['updateCredential', { userName: user, newCredential: 'Node-pw-3', oldCredential: 'Node-pw-2' }, () => true, true],
    ['authenticate', { userName: user, credential: 'Node-pw-3' }, (r) => ret(r), true],
    ['deleteUser', { userName: user }, () => true, true],
    ['deleteRole', { roleName: role }, () => true, true],
    ['isExistingUser', { userName: user }, (r) => ret(r), false],
  ];
  await runSteps('RemoteUserStoreManagerService', ops, steps, agent);
  await callOAuthAdmin(agent, prepare, tag, soap12);
  await callAuthorizationManager(agent, prepare, tag, soap12, ops);
  await callTenantAdmin(agent, prepare, tag, soap12);
}

// Each step: [operation, arguments (or a function making them), read(result) => value, expected value].
async function runSteps(service, ops, steps, agent) {
  for (const [name, args, read, expected] of steps) {
    const got = await read(await call(ops, name, typeof args === 'function' ? await args() : args, agent));
    if (got !== expected) fail(`${service}.${name}: expected ${expected}, got ${got}`);
    console.log(`ok ${service}.${name} ${got}`);
  }
}

async function prepared(service, agent, prepare, soap12) {
  const { c, ops } = await client(service, agent, soap12);
  prepare(c);
  return ops;
}

// What /oauth2/token answers a client_credentials request with these client credentials.
function tokenStatus(agent, key, secret) {
  return new Promise((resolve, reject) => {
    const body = 'grant_type=client_credentials';
    const request = https.request(`${base}/oauth2/token`, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64') },
    }, (response) => { response.resume(); response.on('end', () => resolve(response.statusCode)); });
    request.on('error', reject);
    request.end(body);
  });
}

async function callOAuthAdmin(agent, prepare, tag, soap12) {
  const ops = await prepared('OAuthAdminService', agent, prepare, soap12);
  const plain = new https.Agent({ ca });
  const name = `node-app${tag}`;
  const chosen = `node-chosen${tag}`;
  const made = {};
  const ret = (r) => r.return;
  await runSteps('OAuthAdminService', ops, [
    ['registerAndRetrieveOAuthApplicationData', { application: { applicationName: name, grantTypes: 'client_credentials' } }, (r) => { made.app = ret(r); return made.app.applicationName; }, name],
    ['getOAuthApplicationData', () => ({ consumerKey: made.app.oauthConsumerKey }), async (r) => ret(r).applicationName === name && await tokenStatus(plain, made.app.oauthConsumerKey, made.app.oauthConsumerSecret), 200],
    ['getOAuthApplicationDataByAppName', { appName: name }, (r) => ret(r).oauthConsumerKey === made.app.oauthConsumerKey, true],
    ['getAllOAuthApplicationData', {}, (r) => asList(ret(r)).some((a) => a.applicationName === name), true],
    ['getAllowedGrantTypes', {}, (r) => asList(ret(r)).includes('client_credentials'), true],
    ['updateConsumerApplication', () => ({ consumerAppDTO: { applicationName: name, grantTypes: 'client_credentials password', oauthConsumerKey: made.app.oauthConsumerKey } }), () => true, true],
    ['updateAndRetrieveOauthSecretKey', () => ({ consumerKey: made.app.oauthConsumerKey }), (r) => { made.secret = ret(r).oauthConsumerSecret; return tokenStatus(plain, made.app.oauthConsumerKey, made.secret); }, 200],
    ['updateOauthSecretKey', () => ({ consumerKey: made.app.oauthConsumerKey }), () => tokenStatus(plain, made.app.oauthConsumerKey, made.secret), 401],
    ['registerOAuthApplicationData', { application: { applicationName: chosen, oauthConsumerKey: chosen, oauthConsumerSecret: 'node-chosen-secret-0123456789' } }, () => tokenStatus(plain, chosen, 'node-chosen-secret-0123456789'), 200],
    ['removeOAuthApplicationData', { consumerKey: chosen }, () => tokenStatus(plain, chosen, 'node-chosen-secret-0123456789'), 401],
    ['removeOAuthApplicationData', () => ({ consumerKey: made.app.oauthConsumerKey }), () => true, true],
  ], agent);
}

async function callAuthorizationManager(agent, prepare, tag, soap12, users) {
  const ops = await prepared('RemoteAuthorizationManagerService', agent, prepare, soap12);
  const role = `node-authz${tag}`;
  const user = `node-authz-user${tag}`;
  const ui = 'ui.execute';
  await call(users, 'addRole', { roleName: role, userList: [], permissions: [] }, agent);
  await call(users, 'addUser', { userName: user, credential: 'Node-pw-1', roleList: [role], claims: [], profileName: 'default', requirePasswordChange: false }, agent);
  const authorized = async (resourceId) => (await call(ops, 'isRoleAuthorized', { roleName: role, resourceId, action: ui }, agent)).return;
  const grant = (resourceId) => call(ops, 'authorizeRole', { roleName: role, resourceId, action: ui }, agent);
  const list = (r) => asList(r && r.return);
  await runSteps('RemoteAuthorizationManagerService', ops, [
    ['authorizeRole', { roleName: role, resourceId: '/permission/admin/manage', action: ui }, () => authorized('/permission/admin/manage/identity'), true],
    ['isRoleAuthorized', { roleName: role, resourceId: '/permission/admin/configure', action: ui }, (r) => r.return, false],
    ['isUserAuthorized', { userName: user, resourceId: '/permission/admin/manage/identity/usermgt', action: ui }, (r) => r.return, true],
    ['getAllowedRolesForResource', { resourceId: '/permission/admin/manage/identity', action: ui }, (r) => list(r).includes(role), true],
    ['getAllowedUIResourcesForUser', { userName: user, permissionRootPath: '/permission/admin' }, (r) => list(r).includes('/permission/admin/manage'), true],
    ['getAllowedUIResourcesForRole', { roleName: role, permissionRootPath: '/permission' }, (r) => JSON.stringify(list(r)), '["/permission/admin/manage"]'],
    ['denyRole', { roleName: role, resourceId: '/permission/admin/manage', action: ui }, () => authorized('/permission/admin/manage'), false],
    ['clearRoleAuthorization', async () => { await grant('/permission/admin/monitor'); return { roleName: role, resourceId: '/permission/admin/monitor', action: ui }; }, () => authorized('/permission/admin/monitor'), false],
    ['clearRoleActionOnAllResources', async () => { await grant('/permission/admin/monitor'); return { roleName: role, action: ui }; }, () => authorized('/permission/admin/monitor'), false],
    ['clearAllRoleAuthorization', async () => { await grant('/permission/admin/monitor'); return { roleName: role }; }, () => authorized('/permission/admin/monitor'), false],
    ['clearResourceAuthorizations', async () => { await grant(`/permission/applications/${role}`); return { resourceId: `/permission/applications/${role}` }; }, () => authorized(`/permission/applications/${role}`), false],
  ], agent);
  await call(users, 'deleteUser', { userName: user }, agent);
  await call(users, 'deleteRole', { roleName: role }, agent);
}

async function callTenantAdmin(agent, prepare, tag, soap12) {
  const ops = await prepared('TenantMgtAdminService', agent, prepare, soap12);
  const domain = `node${tag}.example`;
  const active = async () => (await call(ops, 'getTenant', { tenantDomain: domain }, agent)).return.active;
  await runSteps('TenantMgtAdminService', ops, [
    ['addTenant', { tenantInfoBean: { active: true, admin: 'chief', adminPassword: 'Chief-pw-1', email: `chief@${domain}`, firstname: 'Nod', lastname: 'Chief', tenantDomain: domain } }, (r) => typeof r.return === 'string' && r.return.length > 0, true],
    ['getTenant', { tenantDomain: domain }, (r) => `${r.return.tenantDomain} ${r.return.admin} ${r.return.active}`, `${domain} chief true`],
    ['retrieveTenants', {}, (r) => asList(r.return).some((t) => t.tenantDomain === domain), true],
    ['deactivateTenant', { tenantDomain: domain }, () => active(), false],
    ['activateTenant', { tenantDomain: domain }, () => active(), true],
  ], agent);
}

async function main() {
  if (mode === 'basic') {
    const [user, password] = rest[0].split(/:(.*)/s);
    const agent = new https.Agent({ ca });
    const basic = (c) => c.setSecurity(new soap.BasicAuthSecurity(user, password));
    await callAll(agent, basic, '-basic', false);
    await callAll(agent, basic, '-basic12', true);
  } else if (mode === 'session') {
    const [user, password] = rest[0].split(/:(.*)/s);
    const agent = new https.Agent({ ca });
    const { c: admin, ops } = await client('AuthenticationAdmin', agent, false);
    if ((await call(ops, 'login', { username: user, password: 'wrong', remoteAddress: '127.0.0.1' }, agent)).return !== false) fail('login with a wrong password');
    if ((await call(ops, 'login', { username: user, password, remoteAddress: '127.0.0.1' }, agent)).return !== true) fail('login');
    const cookie = asList(admin.lastResponseHeaders['set-cookie']).map((c) => c.split(';')[0]).find((c) => c.startsWith('JSESSIONID='));
    if (!cookie) fail('no JSESSIONID after login');
    console.log('ok AuthenticationAdmin.login true');
    await callAll(agent, (c) => c.addHttpHeader('Cookie', cookie), '-session', false);
    admin.addHttpHeader('Cookie', cookie);
    await call(ops, 'logout', {}, agent);
    console.log('ok AuthenticationAdmin.logout');
    const { c: after, ops: afterOps } = await client('RemoteUserStoreManagerService', agent, false);
    after.addHttpHeader('Cookie', cookie);
    try {
      await call(afterOps, 'isExistingUser', { userName: 'admin' }, agent);
      fail('a call after logout was answered');
    } catch (error) {
      console.log(`ok after-logout refused ${error.message.split('\n')[0]}`);
    }
  } else if (mode === 'mutual') {
    const [certFile, keyFile, user] = rest;
    const agent = new https.Agent({ ca, cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) });
    await callAll(agent, (c) => c.addHttpHeader('UserName', Buffer.from(user, 'utf8').toString('base64')), '-mhttp', false);
    await callAll(agent, (c) => c.addSoapHeader(`<m:UserName xmlns:m="http://mutualssl.carbon.wso2.org">${user}</m:UserName>`), '-msoap', false);
  } else {
    fail('unknown mode ' + mode);
  }
}

main().catch((error) => fail(error.stack || String(error)));
