# Sourced by scripts that need a throwaway PostgreSQL: `pg_cluster_start` runs initdb into a new
# temporary folder (as the postgres user through runuser when run as root, which PostgreSQL
# refuses to run as), starts the server as a child of this shell on a socket in that folder only
# (no TCP), with fsync off, creates the database `loket` and sets PG_URL; `pg_cluster_stop` stops
# it (fast shutdown), waits for it and removes the folder. Nothing outside the folder is touched.

pg_cluster_start() {
  PG_DIR=$(mktemp -d /tmp/loket-pg-XXXXXX)
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (scripts/setup installs it)" >&2; return 1; }
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$PG_DIR"
    chown postgres: "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1
  "${PG_AS[@]}" "$bin/postgres" -D "$PG_DIR/data" -k "$PG_DIR" -c listen_addresses= -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off >"$PG_DIR/server.log" 2>&1 &
  PG_PID=$!
  local i
  for i in $(seq 600); do
    "$bin/pg_isready" -q -h "$PG_DIR" -U postgres && break
    kill -0 "$PG_PID" 2>/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
    sleep 0.1
  done
  "${PG_AS[@]}" "$bin/createdb" -h "$PG_DIR" -U postgres loket
  PG_URL="postgres://postgres@/loket?host=$PG_DIR"
}

pg_cluster_stop() {
  [ -n "${PG_PID:-}" ] || return 0
  # The postmaster's pid is the first line of postmaster.pid (runuser does not pass signals on).
  kill -INT "$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || echo "$PG_PID")" 2>/dev/null || true
  wait "$PG_PID" 2>/dev/null || true
  rm -rf "$PG_DIR"
  PG_PID=
}
