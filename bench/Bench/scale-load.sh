#!/usr/bin/env bash
# Load run for the README's scale-out figures: one node on SQLite, one node on PostgreSQL, two
# nodes on PostgreSQL, same machine, same run, same client. Everything is on loopback and stops
# by itself. Needs Debian's postgresql package; run as root or as a user that can run initdb.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${SECONDS_PER_RUN:-10}
source bench/throwaway-postgres.sh
start_throwaway_postgres 55439

dotnet build -c Release bench/Bench -v q -nologo >/dev/null
host=bench/Bench/bin/Release/net10.0/CompatHost.dll
load() { dotnet bench/Bench/bin/Release/net10.0/CompatHost.Bench.dll load --cacert "$work/ca.crt" --seconds "$seconds" --workers 16 --nodes "$1"; }

start_node() { # home port
  dotnet "$host" --home "$1" --port "$2" > "$1.log" 2>&1 &
  for _ in $(seq 1 120); do grep -q "^Listening on" "$1.log" 2>/dev/null && return 0; sleep 0.5; done
  cat "$1.log"; return 1
}

# One development home gives the certificates; the others copy its security folder and config.
start_node "$work/compathost-load-sqlite" 19443
cp "$work/compathost-load-sqlite/repository/resources/security/ca.crt" "$work/ca.crt"
echo "one node, SQLite:      $(load https://127.0.0.1:19443)"
for n in 1 2; do
  mkdir -p "$work/compathost-load-pg$n/repository"
  cp -r "$work/compathost-load-sqlite/repository/conf" "$work/compathost-load-sqlite/repository/resources" "$work/compathost-load-pg$n/repository/"
  printf '\n[database.identity_db]\ntype = "postgre"\nurl = "Host=127.0.0.1;Port=55439;Username=postgres;Database=postgres"\n' >> "$work/compathost-load-pg$n/repository/conf/deployment.toml"
done
pkill -f "compathost-load-sqlite" || true
start_node "$work/compathost-load-pg1" 19444
echo "one node, PostgreSQL:  $(load https://127.0.0.1:19444)"
start_node "$work/compathost-load-pg2" 19445
echo "two nodes, PostgreSQL: $(load https://127.0.0.1:19444,https://127.0.0.1:19445)"
