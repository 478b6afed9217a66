#!/usr/bin/env bash
# Starts a private PostgreSQL 15 (Debian's package) for the cluster suite and writes the file the suite reads
# (pg.env: PATINA_PG_URL, PATINA_PG_USER, PATINA_PG_PASSWORD, PATINA_PG_HOSTPORT). PostgreSQL refuses to run as
# root and CI runs as root, so the server runs as the `postgres` user (runuser) on its own data folder, its own
# port (not 5432) and its own socket folder, listening on 127.0.0.1 only. Idempotent: a running server is reused,
# a stopped one restarted on its port. Stop it with stop-postgres.sh.
#
#   bash .ci/cluster/start-postgres.sh           (env file: ~/.cache/patina-cluster/pg.env)
#
#   PATINA_CLUSTER_HOME  where pg.env goes          (default ~/.cache/patina-cluster)
#   PATINA_PG_DATA       the server's own folder    (default /var/tmp/patina-cluster-pg: the postgres user
#                        cannot enter root's home)
set -euo pipefail

PG_MAJOR=15
DEBIAN_PACKAGES=(postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR)
DB=patina
DB_USER=patina

home="${PATINA_CLUSTER_HOME:-$HOME/.cache/patina-cluster}"
base="${PATINA_PG_DATA:-/var/tmp/patina-cluster-pg}"
data="$base/data"
sock="$base/run"
bin="/usr/lib/postgresql/$PG_MAJOR/bin"
env_file="$home/pg.env"

fail() { echo "cluster postgres: $*" >&2; exit 1; }

# --- Debian's PostgreSQL 15 (CI runs as root)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then fail "need root to install Debian packages: ${missing[*]}"; fi
  apt-get update -q >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi
[ -x "$bin/initdb" ] || fail "no $bin/initdb after installing postgresql-$PG_MAJOR"

# run a PostgreSQL program as the postgres user (as root) or as ourselves (a non-root developer)
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$home" "$base" "$sock"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$base" "$sock"; chmod 700 "$base"; fi

# --- the data folder: made once, with password (scram) auth over TCP and trust over the private socket only
if [ ! -f "$data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; fail "initdb failed"; }
fi

# --- the port: the one it ran on before, else the first free one from 55432
port=""
[ -f "$base/port" ] && port="$(cat "$base/port")"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  if [ -z "$port" ] || ! port_free "$port"; then
    port=55432
    while ! port_free "$port"; do port=$((port + 1)); [ "$port" -lt 55532 ] || fail "no free port in 55432-55531"; done
  fi
  echo "$port" > "$base/port"
  as_pg "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
    -o "-p $port -k $sock -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -20 "$base/server.log" >&2; fail "pg_ctl start failed"; }
fi
[ -n "$port" ] || fail "the server runs but its port is unknown ($base/port missing): run stop-postgres.sh first"

psql=(as_pg "$bin/psql" -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)

# --- the database and its user; the password is kept beside the data (so a re-run reuses it)
pass_file="$base/password"
if [ ! -s "$pass_file" ]; then
  head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 > "$pass_file"
  chmod 600 "$pass_file"
fi
pass="$(cat "$pass_file")"
if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname = '$DB_USER'")" != "1" ]; then
  "${psql[@]}" -c "create role $DB_USER login createdb password '$pass'" >/dev/null
else
  "${psql[@]}" -c "alter role $DB_USER createdb password '$pass'" >/dev/null
fi
# The suite plays "PostgreSQL lost" by ending sessions on its own test databases, and drops them WITH (FORCE);
# either fails when an autovacuum worker happens to be in that database (no role of ours owns it) unless the
# user may signal backends. A test-only grant: a production node's user needs none of this.
"${psql[@]}" -c "grant pg_signal_backend to $DB_USER" >/dev/null 2>&1 || true
if [ "$("${psql[@]}" -c "select 1 from pg_database where datname = '$DB'")" != "1" ]; then
  "${psql[@]}" -c "create database $DB owner $DB_USER" >/dev/null
fi

umask 077
{
  echo "PATINA_PG_URL=jdbc:postgresql://127.0.0.1:$port/$DB"
  echo "PATINA_PG_USER=$DB_USER"
  echo "PATINA_PG_PASSWORD=$pass"
  echo "PATINA_PG_HOSTPORT=127.0.0.1:$port"
  echo "PATINA_PG_ADMIN=$bin/psql -h $sock -p $port -U postgres"
} > "$env_file"

echo "cluster postgres: $("${psql[@]}" -c 'show server_version') on 127.0.0.1:$port (data $data)"
echo "$env_file"
