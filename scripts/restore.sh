#!/usr/bin/env bash
# Restore a Socialkompas backup (scripts/backup.sh) onto an empty database and media folder.
#
#   scripts/restore.sh BACKUP_DIR
#
# Reads DATABASE_URL (an existing, EMPTY database: createdb socialkompas) and MEDIA_ROOT
# (default: ./media; must be empty or missing). Refuses to write over anything. Then runs
# `manage.py migrate` (a newer release brings its migrations) and empties the cache (the page
# cache must not serve pages of the database that was there before), with $PYTHON
# (default: .venv/bin/python) and the environment's DJANGO_SETTINGS_MODULE.
set -euo pipefail

die() { printf 'restore: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 BACKUP_DIR" >&2; exit 2; }
BACKUP=$1
[[ -f $BACKUP/database.dump ]] || die "$BACKUP/database.dump not found"
[[ ${DATABASE_URL:-} == postgres* ]] || die "DATABASE_URL must be a postgres:// address"

# shellcheck source=scripts/pg-client.sh
source "$(dirname "$0")/pg-client.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MEDIA=${MEDIA_ROOT:-$ROOT/media}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

tables=$("$(pg_tool psql)" -d "$DATABASE_URL" -Atc \
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
[[ $tables == 0 ]] || die "the database has $tables tables: restore into an empty one (createdb)"
if [[ -d $MEDIA ]] && [[ -n $(ls -A "$MEDIA") ]]; then
    die "$MEDIA is not empty"
fi

# One transaction: a failed restore leaves the database empty, not half full.
"$(pg_tool pg_restore)" --no-owner --no-acl --single-transaction --exit-on-error \
    -d "$DATABASE_URL" "$BACKUP/database.dump"

mkdir -p "$MEDIA"
if [[ -f $BACKUP/media.tar.gz ]]; then
    tar -xzf "$BACKUP/media.tar.gz" -C "$MEDIA"
fi

cd "$ROOT"
"$PYTHON" manage.py migrate --noinput
"$PYTHON" manage.py shell -c "from django.core.cache import cache; cache.clear()"
echo "restore: done ($BACKUP -> database and $MEDIA)"
