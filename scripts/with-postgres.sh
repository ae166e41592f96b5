#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# Starts a private PostgreSQL server (fresh data dir in a temp dir, listening
# only on 127.0.0.1 on a free port, trust auth, superuser "postgres", fsync
# off), creates the database "socialkompas", runs COMMAND with
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/socialkompas
# exported, then stops the server, deletes every file it created and exits
# with COMMAND's exit code. Cleanup also happens on failure, Ctrl-C and TERM.
#
# Works as a normal user and as root (the server is then run as the
# "postgres" system user, because PostgreSQL refuses to run as root).
#
# Server binaries: $PG_BIN if set, else the newest /usr/lib/postgresql/*/bin,
# else `pg_config --bindir`, else `initdb` found on PATH.
set -euo pipefail

DB_NAME=socialkompas
PROG=with-postgres
START_TIMEOUT=30

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { local code=$1; shift; log "error: $*"; exit "$code"; }

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

missing_server() {
    cat >&2 <<EOF
$PROG: error: the PostgreSQL server is not installed ($*).
  initdb, pg_ctl and postgres are needed (the client psql alone is not enough).
  Install it with:
    Debian/Ubuntu: sudo apt-get install postgresql postgresql-contrib
    macOS:         brew install postgresql@15
  or point PG_BIN at the directory that holds initdb and pg_ctl.
EOF
    exit 3
}

has_server_bins() { [[ -x $1/initdb && -x $1/pg_ctl ]]; }

# ---------------------------------------------------------------- binaries
find_bindir() {
    local d
    if [[ -n ${PG_BIN:-} ]]; then
        has_server_bins "$PG_BIN" || missing_server "PG_BIN=$PG_BIN has no initdb/pg_ctl"
        printf '%s\n' "$PG_BIN"
        return
    fi
    # Newest version first (sort -V: 9.6 < 10 < 15 < 16).
    while IFS= read -r d; do
        if has_server_bins "$d"; then
            printf '%s\n' "$d"
            return
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV || true)
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $d && -x $d/initdb ]]; then
            printf '%s\n' "$d"
            return
        fi
    fi
    if d=$(command -v initdb 2>/dev/null); then
        d=$(readlink -f "$d" 2>/dev/null || printf '%s' "$d")
        printf '%s\n' "$(dirname "$d")"
        return
    fi
    missing_server "no initdb found in PG_BIN, /usr/lib/postgresql/*/bin, pg_config --bindir or PATH"
}

PGBIN=$(find_bindir)
[[ -x $PGBIN/pg_ctl ]] || missing_server "$PGBIN has initdb but no pg_ctl"

# Client tools: prefer the server's bin dir, fall back to PATH.
client_tool() {
    if [[ -x $PGBIN/$1 ]]; then
        printf '%s\n' "$PGBIN/$1"
    elif command -v "$1" >/dev/null 2>&1; then
        command -v "$1"
    fi
}
PG_ISREADY=$(client_tool pg_isready)
CREATEDB=$(client_tool createdb)
PSQL=$(client_tool psql)

# ------------------------------------------------------------ run as whom
IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

if [[ $IS_ROOT -eq 1 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
        if command -v useradd >/dev/null 2>&1; then
            log "creating system user 'postgres' (PostgreSQL cannot run as root)"
            useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
                || die 3 "could not create the 'postgres' system user"
        else
            die 3 "running as root, but there is no 'postgres' user and no useradd to create one. PostgreSQL refuses to run as root: create a 'postgres' user or run this script as a normal user."
        fi
    fi
    if command -v runuser >/dev/null 2>&1; then
        PG_RUNNER=runuser
    else
        PG_RUNNER=su
    fi
fi

# Run a server-side command as the user that owns the cluster. The working
# directory is moved into the temp dir so the postgres user can always read it.
as_pg() {
    if [[ $IS_ROOT -eq 1 ]]; then
        if [[ $PG_RUNNER == runuser ]]; then
            (cd "$TMP_ROOT" && runuser -u postgres -- "$@")
        else
            (cd "$TMP_ROOT" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
        fi
    else
        (cd "$TMP_ROOT" && "$@")
    fi
}

# ------------------------------------------------------------- cleanup
TMP_ROOT=""
CLEANED=0

cleanup() {
    local rc=$?
    trap '' INT TERM HUP
    if [[ $CLEANED -eq 0 ]]; then
        CLEANED=1
        if [[ -n $TMP_ROOT && -d $TMP_ROOT ]]; then
            if [[ -f $TMP_ROOT/data/postmaster.pid ]]; then
                as_pg "$PGBIN/pg_ctl" stop -D "$TMP_ROOT/data" -m fast -w -t 30 >/dev/null 2>&1 \
                    || as_pg "$PGBIN/pg_ctl" stop -D "$TMP_ROOT/data" -m immediate -w -t 10 >/dev/null 2>&1 \
                    || true
                # Last resort: kill the postmaster directly.
                local pid
                pid=$(head -n1 "$TMP_ROOT/data/postmaster.pid" 2>/dev/null || true)
                if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                    kill -KILL "$pid" 2>/dev/null || true
                fi
            fi
            rm -rf -- "$TMP_ROOT"
        fi
    fi
    exit "$rc"
}
# Signals: before COMMAND runs, exit at once (the EXIT trap cleans up).
# While COMMAND runs, TERM/HUP are forwarded to it; INT is not (Ctrl-C already
# reaches the whole foreground process group). Either way the server is only
# stopped after COMMAND has finished, so it can shut down cleanly.
CHILD=""
TRAPPED=0
on_signal() {
    if [[ -z $CHILD ]]; then
        exit "$2"
    fi
    TRAPPED=1
    if [[ $1 != INT ]]; then
        kill -s "$1" "$CHILD" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# ------------------------------------------------------------- temp dir
make_tmp() {
    local base=$1
    TMP_ROOT=$(mktemp -d "$base/with-postgres.XXXXXX")
    if [[ $IS_ROOT -eq 1 ]]; then
        chown postgres "$TMP_ROOT"
        chmod 700 "$TMP_ROOT"
        # The postgres user must be able to reach the directory (e.g. not
        # under /root); try /tmp otherwise.
        if ! as_pg test -w "$TMP_ROOT" -a -x "$TMP_ROOT" 2>/dev/null; then
            rm -rf -- "$TMP_ROOT"
            TMP_ROOT=""
            return 1
        fi
    fi
    # Unix socket paths are limited to ~100 bytes.
    if (( ${#TMP_ROOT} > 80 )); then
        rm -rf -- "$TMP_ROOT"
        TMP_ROOT=""
        return 1
    fi
}
make_tmp "${TMPDIR:-/tmp}" || { [[ ${TMPDIR:-/tmp} != /tmp ]] && make_tmp /tmp; } \
    || die 1 "could not create a temp dir usable by the PostgreSQL server"
TMP_ROOT=${TMP_ROOT%/}
DATA=$TMP_ROOT/data
SOCK=$TMP_ROOT/sock
LOGFILE=$TMP_ROOT/server.log
as_pg mkdir -m 700 "$SOCK"

# ---------------------------------------------------------------- initdb
INITDB_LOG=$TMP_ROOT/initdb.log
if ! as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$INITDB_LOG" 2>&1; then
    as_pg rm -rf "$DATA" 2>/dev/null || true
    if ! as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C >"$INITDB_LOG" 2>&1; then
        cat "$INITDB_LOG" >&2
        die 1 "initdb failed"
    fi
fi

cat >>"$DATA/postgresql.conf" <<EOF

# --- with-postgres.sh: throwaway test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

# ------------------------------------------------------------ start server
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

server_ready() {
    if [[ -n $PG_ISREADY ]]; then
        "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -t 2 >/dev/null 2>&1
    else
        "$PSQL" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1
    fi
}

server_alive() {
    as_pg "$PGBIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

command -v python3 >/dev/null 2>&1 || die 1 "python3 is needed to pick a free port"
[[ -n $PG_ISREADY || -n $PSQL ]] || missing_server "neither pg_isready nor psql found"

# The chosen port could be grabbed by someone else before the server binds
# it, so retry a few times with a new port.
READY=0
for attempt in 1 2 3; do
    PORT=$(free_port)
    as_pg "$PGBIN/pg_ctl" start -W -D "$DATA" -l "$LOGFILE" -o "-p $PORT" >/dev/null 2>&1 || true
    started_at=$SECONDS
    while (( SECONDS - started_at < START_TIMEOUT )); do
        if server_ready; then
            READY=1
            break
        fi
        # Postmaster already gone (after giving it a moment to write its pid file)?
        if (( SECONDS - started_at >= 2 )) && ! server_alive; then
            break
        fi
        sleep 0.2
    done
    [[ $READY -eq 1 ]] && break
    if server_alive || ! grep -qi 'could not bind\|address already in use' "$LOGFILE" 2>/dev/null; then
        break   # a real failure, not a port race
    fi
    log "port $PORT was taken, retrying with another one"
done

if [[ $READY -ne 1 ]]; then
    log "PostgreSQL failed to start or did not accept connections within ${START_TIMEOUT}s; server log follows:"
    cat "$LOGFILE" >&2 2>/dev/null || true
    exit 1
fi

# ------------------------------------------------------------ database
if [[ -n $CREATEDB ]]; then
    "$CREATEDB" -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME"
elif [[ -n $PSQL ]]; then
    "$PSQL" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qv ON_ERROR_STOP=1 \
        -c "CREATE DATABASE $DB_NAME"
else
    die 1 "neither createdb nor psql found to create database $DB_NAME"
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/$DB_NAME"
VERSION=$("$PGBIN/postgres" --version 2>/dev/null | sed 's/^postgres (PostgreSQL) //' || true)
log "started PostgreSQL ${VERSION:-?} ($PGBIN) on 127.0.0.1:$PORT, DATABASE_URL=$DATABASE_URL"

# ------------------------------------------------------------ run command
# Run it as a child we can forward signals to. A non-interactive shell makes
# background jobs ignore INT/QUIT and read /dev/null, so undo both.
( trap - INT QUIT TERM HUP; exec "$@" ) <&0 &
CHILD=$!
rc=0
wait "$CHILD" || rc=$?
# A trapped signal interrupts `wait` (rc 128+n): wait again for the real status.
while [[ $TRAPPED -eq 1 ]]; do
    TRAPPED=0
    prev=$rc
    rc=0
    wait "$CHILD" 2>/dev/null || rc=$?
    if (( rc < 0 || rc > 255 || rc == 127 )); then
        rc=$prev   # child already reaped together with the signal
        break
    fi
done
exit "$rc"
