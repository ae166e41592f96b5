# Sourced by scripts/backup.sh and scripts/restore.sh (set `die` first): `pg_tool NAME` prints
# the path of a PostgreSQL client program (pg_dump, pg_restore, psql): from $PG_BIN, the newest
# /usr/lib/postgresql/*/bin or PATH (it must be as new as the server).
pg_tool() {
    local dir
    for dir in ${PG_BIN:-} $(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV || true); do
        [[ -x $dir/$1 ]] && { printf '%s\n' "$dir/$1"; return; }
    done
    command -v "$1" || die "$1 not found: install the PostgreSQL client (apt-get install postgresql-client) or set PG_BIN"
}
