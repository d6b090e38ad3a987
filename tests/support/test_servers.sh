#!/usr/bin/env bash
# Starts (or stops) the throwaway servers the tests use: PostgreSQL 15 and MinIO, on free loopback ports, with
# their data under DIR. Registered as a CTest fixture (tests/CMakeLists.txt); writes DIR/env, which the test
# support code reads (COSTAGG_TEST_PG_URI, COSTAGG_TEST_S3_ENDPOINT, keys).
#   test_servers.sh start DIR | stop DIR
set -euo pipefail
action=$1
dir=$2
pg_bin=${COSTAGG_PG_BIN:-/usr/lib/postgresql/15/bin}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

as_pg() {  # PostgreSQL refuses to run as root: use the postgres account when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$dir/pgdir" ]; then
    pgdir=$(cat "$dir/pgdir")
    if [ -f "$pgdir/data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$pgdir"
  fi
  if [ -f "$dir/minio.pid" ]; then kill "$(cat "$dir/minio.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
}

if [ "$action" = stop ]; then stop; exit 0; fi

stop
mkdir -p "$dir"
: > "$dir/env"
required=${COSTAGG_REQUIRE_SERVERS:-${CI:-}}

if [ -x "$pg_bin/initdb" ]; then
  port=$(free_port)
  # The server's files live in their own directory under /tmp that the postgres account can reach whatever the
  # permissions of DIR's parents (PostgreSQL refuses to run as root, so as root it runs as postgres).
  pgdir=$(mktemp -d /tmp/costagg-pg.XXXXXX)
  echo "$pgdir" > "$dir/pgdir"
  chmod 755 "$pgdir"
  mkdir -p "$pgdir/data" "$pgdir/sock"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$pgdir"; fi
  as_pg "$pg_bin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
    -o "-p $port -k $pgdir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
    start >/dev/null
  echo "COSTAGG_TEST_PG_URI=postgresql://postgres@127.0.0.1:$port/postgres" >> "$dir/env"
  echo "test servers: PostgreSQL on 127.0.0.1:$port" >&2
elif [ -n "$required" ] && [ "$required" != false ] && [ "$required" != 0 ]; then
  echo "test servers: no PostgreSQL server binaries in $pg_bin (required in CI)" >&2; exit 1
fi

minio=${COSTAGG_MINIO_BIN:-}
if [ -n "$minio" ] && [ -x "$minio" ]; then
  port=$(free_port); console=$(free_port)
  user=costagg-test-user; password=costagg-test-password
  MINIO_ROOT_USER=$user MINIO_ROOT_PASSWORD=$password MINIO_BROWSER=off \
    nohup "$minio" server --quiet --address "127.0.0.1:$port" --console-address "127.0.0.1:$console" "$dir/minio" \
    >"$dir/minio.log" 2>&1 &
  echo $! > "$dir/minio.pid"
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/minio/health/live" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$port/minio/health/live" >/dev/null || { echo "test servers: MinIO did not start" >&2; cat "$dir/minio.log" >&2; exit 1; }
  {
    echo "COSTAGG_TEST_S3_ENDPOINT=http://127.0.0.1:$port"
    echo "COSTAGG_TEST_S3_ACCESS_KEY=$user"
    echo "COSTAGG_TEST_S3_SECRET_KEY=$password"
  } >> "$dir/env"
  echo "test servers: MinIO on 127.0.0.1:$port" >&2
elif [ -n "$required" ] && [ "$required" != false ] && [ "$required" != 0 ]; then
  echo "test servers: no MinIO binary (COSTAGG_MINIO_BIN; run scripts/setup.sh) (required in CI)" >&2; exit 1
fi
