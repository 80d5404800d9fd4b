#!/usr/bin/env bash
# Makes sure a PostgreSQL server is there for the Postgres tests and prints the
# DATABASE_URL to use (on stdout; everything else goes to stderr):
#
#   export DATABASE_URL="$(.ci/ensure-postgres.sh)"
#
# 1. DATABASE_URL already set and answering: that one.
# 2. A server on 127.0.0.1:5432 (trust auth, user postgres): its `test` database, created if missing.
# 3. Otherwise a throwaway server from the installed binaries (/usr/lib/postgresql/*/bin)
#    on 127.0.0.1:$CI_POSTGRES_PORT (default 55432), data in /tmp; a later run reuses it.
#    Stop it with: pg_ctl -D /tmp/ci-postgres-<port>/data stop
set -euo pipefail

log() { echo "ensure-postgres: $*" >&2; }
fail() {
  log "$*"
  exit 1
}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
tool() { # a PostgreSQL client program: from PATH, else from the server's bin directory
  if command -v "$1" >/dev/null; then command -v "$1"; elif [[ -n $bin && -x $bin/$1 ]]; then echo "$bin/$1"; else echo ""; fi
}
pg_isready=$(tool pg_isready)
psql=$(tool psql)
[[ -n $pg_isready && -n $psql ]] ||
  fail "no PostgreSQL client programs (pg_isready, psql): install PostgreSQL (apt-get install postgresql) or run the tests with DATABASE_URL pointing at a server"

# Connects to the `postgres` database of host:port and makes sure `test` exists.
ensure_test_db() {
  local host=$1 port=$2
  if ! "$psql" -h "$host" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
    "$psql" -h "$host" -p "$port" -U postgres -d postgres -qc "CREATE DATABASE test" >&2 ||
      fail "the server on $host:$port has no database \"test\" and it could not be created"
    log "created database test on $host:$port"
  fi
}

# 1. Already configured.
if [[ -n ${DATABASE_URL:-} ]]; then
  "$psql" "$DATABASE_URL" -qtAc "SELECT 1" >/dev/null || fail "DATABASE_URL is set but does not answer; unset it to let this script find or start a server"
  log "using DATABASE_URL from the environment"
  echo "$DATABASE_URL"
  exit 0
fi

# 2. The machine's own server.
if "$pg_isready" -q -h 127.0.0.1 -p 5432; then
  ensure_test_db 127.0.0.1 5432
  log "using the server on 127.0.0.1:5432"
  echo "postgres://postgres@127.0.0.1:5432/test"
  exit 0
fi

# 3. A throwaway server of our own.
port=${CI_POSTGRES_PORT:-55432}
dir=/tmp/ci-postgres-$port
url="postgres://postgres@127.0.0.1:$port/test"
if "$pg_isready" -q -h 127.0.0.1 -p "$port"; then
  ensure_test_db 127.0.0.1 "$port"
  log "reusing the server on 127.0.0.1:$port"
  echo "$url"
  exit 0
fi
[[ -n $bin && -x $bin/initdb && -x $bin/pg_ctl ]] ||
  fail "no server on 127.0.0.1:5432 and no initdb/pg_ctl under /usr/lib/postgresql/*/bin: install PostgreSQL (apt-get install postgresql) or set DATABASE_URL"

# initdb refuses to run as root: run the server as the postgres user (or nobody).
as_owner=()
if [[ $(id -u) == 0 ]]; then
  owner=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
  as_owner=(runuser -u "$owner" --)
  command -v runuser >/dev/null || as_owner=(su -s /bin/sh "$owner" -c)
fi
run_owner() {
  if [[ ${#as_owner[@]} -eq 0 ]]; then "$@"; elif [[ ${as_owner[0]} == su ]]; then "${as_owner[@]}" "$(printf '%q ' "$@")"; else "${as_owner[@]}" "$@"; fi
}

if [[ ! -f $dir/data/PG_VERSION ]]; then
  rm -rf "$dir" && mkdir -p "$dir"
  [[ ${#as_owner[@]} -eq 0 ]] || chown "$owner" "$dir"
  log "initialising a throwaway server in $dir (as ${owner:-$(id -un)})"
  run_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 ||
    fail "initdb failed; see $dir/initdb.log"
fi
run_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >&2 ||
  fail "the throwaway server did not start; see $dir/server.log"
ensure_test_db 127.0.0.1 "$port"
log "started a server on 127.0.0.1:$port (stop it with: $bin/pg_ctl -D $dir/data stop)"
echo "$url"
