#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the test suite and print its URL.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
# Usage: eval "$(bash tests/start_postgres.sh)"   -> exports HEARINGDESK_TEST_PG_URL
set -euo pipefail
PORT="${HEARINGDESK_PG_PORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi
DATA="$(mktemp -d /tmp/hearingdesk-pg.XXXXXX)"
RUN=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  chown postgres "$DATA"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$BIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
  || { cat "$DATA/initdb.log" >&2; exit 1; }
"${RUN[@]}" "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c full_page_writes=off -c max_connections=200" start >&2 \
  || { cat "$DATA/server.log" >&2; exit 1; }
echo "export HEARINGDESK_TEST_PG_URL='postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres'"
echo "export HEARINGDESK_TEST_PG_DATA='$DATA'"
