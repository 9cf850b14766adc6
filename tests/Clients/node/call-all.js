// Loads both admin services' ?wsdl with node's `soap` package and calls every operation through the
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
  for (const [name, args, read, expected] of steps) {
    const got = read(await call(ops, name, args, agent));
    if (got !== expected) fail(`RemoteUserStoreManagerService.${name}: expected ${expected}, got ${got}`);
    console.log(`ok RemoteUserStoreManagerService.${name} ${got}`);
  }
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
