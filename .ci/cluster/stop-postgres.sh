#!/usr/bin/env bash
# Stops the cluster suite's private PostgreSQL (started by start-postgres.sh). Keeps its data folder; pass
# --wipe to remove it too (the next start makes a fresh one).
set -euo pipefail
base="${PATINA_PG_DATA:-/var/tmp/patina-cluster-pg}"
bin="/usr/lib/postgresql/15/bin"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ -f "$base/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null
  echo "cluster postgres: stopped"
else
  echo "cluster postgres: not running"
fi
if [ "${1:-}" = "--wipe" ]; then
  rm -rf "$base" "${PATINA_CLUSTER_HOME:-$HOME/.cache/patina-cluster}/pg.env"
  echo "cluster postgres: data removed"
fi
