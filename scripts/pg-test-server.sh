#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test suite.
#
#   scripts/pg-test-server.sh start    # start one; prints its URL, writes it to .pgtest/url
#   scripts/pg-test-server.sh stop     # stop it and delete its data (safe to call twice)
#   scripts/pg-test-server.sh status   # exit 0 when the recorded server is running
#   scripts/pg-test-server.sh url      # print the recorded URL
#
# The cluster lives in a fresh temporary directory (UTF-8, C.UTF-8 locale, fsync off, trust
# authentication on 127.0.0.1 only) on a free port. As root it runs as the `postgres` user
# (PostgreSQL refuses to run as root); otherwise as the current user. When the server binaries
# are missing, root installs the Debian `postgresql` package; anyone else is told how.
# The state directory is .pgtest/ at the repository root (override with PGTEST_STATE).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${PGTEST_STATE:-$ROOT/.pgtest}"
FIRST_PORT="${PGTEST_PORT:-55432}"

say() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then
    printf '%s\n' "$dir"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

ensure_bin() {
  local bin
  bin="$(find_bin)"
  if [[ -z "$bin" ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
      die "PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with
  sudo apt-get install -y postgresql
or run as root to let this script install them; PostgreSQL tests need a server."
    fi
    say "PostgreSQL binaries missing: installing the Debian package 'postgresql'"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed; cannot install PostgreSQL"
    apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
    bin="$(find_bin)"
    [[ -n "$bin" ]] || die "installed 'postgresql' but found no initdb under /usr/lib/postgresql"
  fi
  printf '%s\n' "$bin"
}

# Run a server binary as the user that owns the cluster.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

running() {
  [[ -f "$STATE/dir" && -f "$STATE/bin" ]] || return 1
  local dir bin
  dir="$(cat "$STATE/dir")"
  bin="$(cat "$STATE/bin")"
  [[ -d "$dir/data" && -x "$bin/pg_ctl" ]] || return 1
  as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

stop() {
  if [[ ! -d "$STATE" ]]; then
    return 0
  fi
  local dir="" bin=""
  [[ -f "$STATE/dir" ]] && dir="$(cat "$STATE/dir")"
  [[ -f "$STATE/bin" ]] && bin="$(cat "$STATE/bin")"
  if [[ -n "$dir" && -n "$bin" && -d "$dir/data" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 \
      || true
  fi
  # Only ever delete a directory this script created.
  if [[ -n "$dir" && -d "$dir" && "$(basename "$dir")" == nohaven-pgtest.* ]]; then
    rm -rf -- "$dir"
  fi
  rm -rf -- "$STATE"
  say "stopped"
}

start() {
  if running; then
    say "a server from an earlier run is still up: replacing it"
  fi
  stop 2>/dev/null  # clears a stale state directory too
  local bin dir port url attempt
  bin="$(ensure_bin)"
  if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root but there is no 'postgres' user to run the server as"
  fi
  dir="$(mktemp -d "${TMPDIR:-/tmp}/nohaven-pgtest.XXXXXX")"
  chmod 700 "$dir"
  [[ "$(id -u)" -eq 0 ]] && chown postgres:postgres "$dir"
  mkdir -p "$STATE"
  printf '%s\n' "$dir" >"$STATE/dir"
  printf '%s\n' "$bin" >"$STATE/bin"

  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    stop 2>/dev/null
    die "initdb failed (log above)"
  fi

  port="$FIRST_PORT"
  for attempt in $(seq 1 25); do
    while port_busy "$port"; do port=$((port + 1)); done
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      url="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
      printf '%s\n' "$port" >"$STATE/port"
      printf '%s\n' "$url" >"$STATE/url"
      say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') up on 127.0.0.1:$port (data in $dir)"
      printf '%s\n' "$url"
      return 0
    fi
    say "could not start on port $port (attempt $attempt): trying another"
    port=$((port + 1))
  done
  tail -n 20 "$dir/log" >&2 2>/dev/null || true
  stop 2>/dev/null
  die "PostgreSQL did not start (server log above)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then cat "$STATE/url"; else say "not running"; exit 1; fi ;;
  url) [[ -f "$STATE/url" ]] || die "no server recorded: run '$0 start'"; cat "$STATE/url" ;;
  *) printf 'usage: %s start|stop|status|url\n' "$0" >&2; exit 2 ;;
esac
