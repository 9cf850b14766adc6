#!/usr/bin/env bash
# Posts the golden envelopes the way operators' scripts do (curl, SOAPAction, Basic auth) and
# checks the product's answers: results in <ns:return>, in-only operations 202 with no body.
# Usage: post-envelopes.sh https://localhost:9443 ca.crt admin:admin
set -euo pipefail
base=$1 cacert=$2 user=$3
here=$(cd "$(dirname "$0")" && pwd)
endpoint="$base/services/RemoteUserStoreManagerService.RemoteUserStoreManagerServiceHttpsSoap11Endpoint/"
post() { # file action -> prints "status body"
  curl -sS --cacert "$cacert" -u "$user" -H 'Content-Type: text/xml; charset=UTF-8' -H "SOAPAction: \"urn:$2\"" \
       --data-binary @"$here/$1" -w '\n%{http_code}' "$endpoint"
}
expect() { # name status [text]
  local out status body
  out=$(post "$1.request.xml" "$1")
  status=${out##*$'\n'} body=${out%$'\n'*}
  [ "$status" = "$2" ] || { echo "FAIL $1: status $status, expected $2: $body"; exit 1; }
  if [ -n "${3:-}" ]; then grep -q -- "$3" <<<"$body" || { echo "FAIL $1: no $3 in $body"; exit 1; }; fi
  if [ "$2" = 202 ] && [ -n "$body" ]; then echo "FAIL $1: 202 with a body"; exit 1; fi
  echo "ok $1 $status"
}
expect isExistingUser 200 '<ns:return>true</ns:return>'
expect addRole 202
expect addRole 202
expect addUser 202
expect getUserClaimValue 200 '<ns:return>carol@example.com</ns:return>'
expect deleteUser 202
expect getRoleListOfUser 200 '<ns:return>auditors</ns:return>'
