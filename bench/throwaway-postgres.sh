# Sourced by the load scripts: start_throwaway_postgres PORT starts a PostgreSQL cluster of its
# own in a temporary directory, listening on 127.0.0.1:PORT (user postgres, no password), and
# stops and removes it when the script exits. Sets $work to that directory.
start_throwaway_postgres() {
  local port=$1
  work=$(mktemp -d /tmp/compathost-load.XXXX)
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort | tail -1)
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  trap 'pkill -f "compathost-load" 2>/dev/null || true; as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  mkdir -p "$work/pg" && chown postgres "$work" "$work/pg" 2>/dev/null || true
  as_pg "$pgbin/initdb" -D "$work/pg" -U postgres -A trust --no-sync >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -w -l "$work/pg/log" -o "-p $port -c listen_addresses=127.0.0.1 -k $work/pg" start >/dev/null
}
