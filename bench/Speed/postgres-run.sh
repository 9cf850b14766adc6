#!/usr/bin/env bash
# The speed harness with the host's identity database on PostgreSQL: starts a throwaway cluster on
# loopback, runs bench/Speed against it with the arguments given (e.g. --shapes token --rounds 3),
# and removes the cluster. Needs Debian's postgresql package; run as root or as a user that can run initdb.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/throwaway-postgres.sh
start_throwaway_postgres 55440
dotnet run -c Release --project bench/Speed -- --postgres "Host=127.0.0.1;Port=55440;Username=postgres;Database=postgres" "$@"
