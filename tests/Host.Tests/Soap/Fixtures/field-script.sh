#!/usr/bin/env bash
# A field script as operators write them against the product, with curl and the envelopes next to
# it: registers an OAuth application over SOAP 1.1 (SOAPAction) choosing its secret, reads it back
# by name over SOAP 1.2 (action in the content type), gets a token for it at /oauth2/token, checks
# a user's permission and adds a tenant. Exits non-zero at the first answer the product would not give.
# Usage: field-script.sh https://localhost:9443 ca.crt admin:admin
set -euo pipefail
base=$1 cacert=$2 user=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL $*"; exit 1; }
soap11() { # file service action
  curl -sS --fail-with-body --cacert "$cacert" -u "$user" -H 'Content-Type: text/xml;charset=UTF-8' -H "SOAPAction: \"urn:$3\"" \
       --data-binary @"$here/$1" "$base/services/$2.$2HttpsSoap11Endpoint/"
}
soap12() { # file service action
  curl -sS --fail-with-body --cacert "$cacert" -u "$user" -H "Content-Type: application/soap+xml;charset=UTF-8;action=\"urn:$3\"" \
       --data-binary @"$here/$1" "$base/services/$2.$2HttpsSoap12Endpoint/"
}

soap11 registerOAuthApplicationData.request.xml OAuthAdminService registerOAuthApplicationData >/dev/null
echo "ok registerOAuthApplicationData"
app=$(soap12 getOAuthApplicationDataByAppName.soap12.request.xml OAuthAdminService getOAuthApplicationDataByAppName)
key=$(grep -o 'oauthConsumerKey[^>]*>[^<]*<' <<<"$app" | sed 's/^[^>]*>//; s/<$//' || true)
[ -n "$key" ] || fail "no oauthConsumerKey in $app"
echo "ok getOAuthApplicationDataByAppName $key"
token=$(curl -sS --fail-with-body --cacert "$cacert" -u "$key:field-script-secret-0123456789" -d grant_type=client_credentials "$base/oauth2/token")
grep -q '"access_token"' <<<"$token" || fail "no access_token in $token"
echo "ok token"
allowed=$(soap11 isUserAuthorized.request.xml RemoteAuthorizationManagerService isUserAuthorized)
grep -q '<ns:return>true</ns:return>' <<<"$allowed" || fail "isUserAuthorized: $allowed"
echo "ok isUserAuthorized"
tenant=$(soap12 addTenant.soap12.request.xml TenantMgtAdminService addTenant)
grep -q '<ns:return>' <<<"$tenant" || fail "addTenant: $tenant"
echo "ok addTenant"
